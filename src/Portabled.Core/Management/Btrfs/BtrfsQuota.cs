// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using Portabled.Core.Errors;

namespace Portabled.Core.Management.Btrfs;

/// <summary>
/// btrfs quota groups as upstream uses them (docs/image-management.md). A qgroup id is level &lt;&lt; 48 | id;
/// a subvolume's own ("leaf") qgroup is 0/its id. Upstream gives each image subvolume a "subtree" qgroup:
/// the lowest-level parent qgroup that reuses the subvolume's id (created by <see cref="AutoQgroup"/>), so
/// that nested subvolumes count towards the image. Quota items live in the quota tree (id 8) with
/// objectid 0: INFO (242; u64 generation, rfer, rfer_cmpr, excl, excl_cmpr) and LIMIT (244; u64 flags,
/// max_rfer, max_excl, rsv_rfer, rsv_excl) keyed by qgroup id; RELATION items (246) link a qgroup
/// (objectid) and its parent (offset) both ways.
/// </summary>
internal static class BtrfsQuota
{
    private const int RescanArgsSize = 64;
    private const int MaxBusyRetries = 10;

    /// <summary>1 while a quota rescan runs (the numbers are not final then), 0 when not, a negative errno otherwise.</summary>
    public static int IsScanOngoing(int fd)
    {
        byte[] args = new byte[RescanArgsSize];
        return NativeFiles.Ioctl(fd, BtrfsIoctl.QuotaRescanStatus, args) < 0 ? -NativeFiles.LastError : BinaryPrimitives.ReadUInt64LittleEndian(args) != 0 ? 1 : 0;
    }

    /// <summary>The accounting of the subtree qgroup of <paramref name="subvolId"/> (0: the subvolume of <paramref name="fd"/>).</summary>
    public static int GetSubtreeQuota(int fd, ulong subvolId, out BtrfsQuotaInfo quota)
    {
        quota = default;
        int r = FindSubtreeQgroup(fd, subvolId, out ulong qgroupId);
        return r < 0 ? r : GetQuota(fd, qgroupId, out quota);
    }

    /// <summary>Sets the referenced limit of the subtree qgroup of <paramref name="subvolId"/>; <see cref="ulong.MaxValue"/> clears it.</summary>
    public static int SetSubtreeLimit(int fd, ulong subvolId, ulong referencedMax)
    {
        int r = FindSubtreeQgroup(fd, subvolId, out ulong qgroupId);
        return r < 0 ? r : SetLimit(fd, qgroupId, referencedMax);
    }

    /// <summary>Sets the referenced limit of <paramref name="qgroupId"/> (0: the leaf qgroup of <paramref name="fd"/>'s subvolume).</summary>
    public static int SetLimit(int fd, ulong qgroupId, ulong referencedMax)
    {
        int r = ResolveQgroup(fd, ref qgroupId);
        if (r < 0)
        {
            return r;
        }

        byte[] args = new byte[48];
        BinaryPrimitives.WriteUInt64LittleEndian(args, qgroupId);
        BinaryPrimitives.WriteUInt64LittleEndian(args.AsSpan(8), BtrfsIoctl.QgroupLimitMaxReferenced);
        BinaryPrimitives.WriteUInt64LittleEndian(args.AsSpan(16), referencedMax);
        return IoctlRetryingBusy(fd, BtrfsIoctl.QgroupLimit, args);
    }

    /// <summary>
    /// btrfs_subvol_auto_qgroup(…, insert_intermediary_qgroup=true): unless the subvolume's leaf qgroup
    /// already has a parent, creates the qgroup (one level below the lowest parent of the parent
    /// subvolume's, 255 without any)/id, puts it below the parent subvolume's parents and the leaf below it.
    /// </summary>
    public static int AutoQgroup(int fd, ulong subvolId)
    {
        int r;
        if (subvolId == 0)
        {
            if ((r = BtrfsFile.IsSubvolume(fd)) <= 0)
            {
                return r < 0 ? r : -Errno.ENOTTY;
            }

            if ((r = BtrfsSubvolumes.GetId(fd, out subvolId)) < 0)
            {
                return r;
            }
        }

        if ((r = FindParents(fd, subvolId, out List<ulong> own)) < 0 || own.Count > 0)
        {
            return r < 0 ? r : 0;
        }

        List<ulong> parents = [];
        r = GetParentSubvolume(fd, subvolId, out ulong parentSubvol);
        if (r >= 0 && (r = FindParents(fd, parentSubvol, out parents)) < 0)
        {
            return r;
        }

        if (r < 0 && r != -Errno.ENXIO)
        {
            return r;
        }

        ulong lowest = parents.Count == 0 ? 256 : parents.Min(p => p >> BtrfsIoctl.QgroupLevelShift);
        if (lowest <= 1)
        {
            return -Errno.EBUSY;
        }

        ulong intermediary = ((lowest - 1) << BtrfsIoctl.QgroupLevelShift) | subvolId;
        r = CreateOrDestroy(fd, create: true, intermediary);
        if (r < 0 && r != -Errno.EEXIST)
        {
            return r;
        }

        bool created = r >= 0;
        foreach (ulong parent in parents.Append(0UL))
        {
            int a = parent == 0 ? Assign(fd, true, subvolId, intermediary) : Assign(fd, true, intermediary, parent);
            if (a < 0 && a != -Errno.EEXIST)
            {
                if (created)
                {
                    DestroyRecursive(fd, intermediary);
                }

                return a;
            }
        }

        return 1;
    }

    /// <summary>
    /// btrfs_qgroup_destroy_recursive(): unassigns <paramref name="qgroupId"/> from its parents, destroys those
    /// parents that reuse its id part (its subtree qgroups) the same way, then destroys it. Errors are ignored,
    /// as upstream ignores them after removing a subvolume.
    /// </summary>
    public static void DestroyRecursive(int fd, ulong qgroupId) => DestroyRecursive(fd, qgroupId, 0);

    /// <summary>The qgroup ids <paramref name="qgroupId"/> is a member of; an empty list when quotas are off.</summary>
    public static int FindParents(int fd, ulong qgroupId, out List<ulong> parents)
    {
        var found = new List<ulong>();
        parents = found;
        int r = ResolveQgroup(fd, ref qgroupId);
        if (r < 0)
        {
            return r;
        }

        var search = new BtrfsTreeSearch(BtrfsIoctl.QuotaTreeObjectId, qgroupId, qgroupId, BtrfsIoctl.QgroupRelationKey, BtrfsIoctl.QgroupRelationKey, 0, ulong.MaxValue);
        r = search.ForEach(fd, item =>
        {
            if (item.Type == BtrfsIoctl.QgroupRelationKey && item.ObjectId == qgroupId && item.Offset >= item.ObjectId)
            {
                found.Add(item.Offset);
            }

            return true;
        });
        return r == -Errno.ENOENT ? 0 : r;
    }

    private static int GetQuota(int fd, ulong qgroupId, out BtrfsQuotaInfo quota)
    {
        quota = default;
        int r = ResolveQgroup(fd, ref qgroupId);
        if (r < 0)
        {
            return r;
        }

        ulong? referenced = null, exclusive = null, referencedMax = null, exclusiveMax = null;
        var search = new BtrfsTreeSearch(BtrfsIoctl.QuotaTreeObjectId, 0, 0, 240, BtrfsIoctl.QgroupLimitKey, qgroupId, qgroupId);
        r = search.ForEach(fd, item =>
        {
            if (item.ObjectId == 0 && item.Offset == qgroupId && item.Type == BtrfsIoctl.QgroupInfoKey && item.Body.Length >= 40)
            {
                referenced = BinaryPrimitives.ReadUInt64LittleEndian(item.Body.AsSpan(8));
                exclusive = BinaryPrimitives.ReadUInt64LittleEndian(item.Body.AsSpan(24));
            }
            else if (item.ObjectId == 0 && item.Offset == qgroupId && item.Type == BtrfsIoctl.QgroupLimitKey && item.Body.Length >= 40)
            {
                ulong flags = BinaryPrimitives.ReadUInt64LittleEndian(item.Body);
                referencedMax = (flags & BtrfsIoctl.QgroupLimitMaxReferenced) != 0 ? BinaryPrimitives.ReadUInt64LittleEndian(item.Body.AsSpan(8)) : ulong.MaxValue;
                exclusiveMax = (flags & BtrfsIoctl.QgroupLimitMaxExclusive) != 0 ? BinaryPrimitives.ReadUInt64LittleEndian(item.Body.AsSpan(16)) : ulong.MaxValue;
            }

            return referenced is null || referencedMax is null;
        });
        if (r < 0 && r != -Errno.ENOENT)
        {
            return r;
        }

        if (referenced is null && referencedMax is null)
        {
            return -Errno.ENODATA;
        }

        quota = new BtrfsQuotaInfo(referenced ?? ulong.MaxValue, exclusive ?? ulong.MaxValue, referencedMax ?? ulong.MaxValue, exclusiveMax ?? ulong.MaxValue);
        return 0;
    }

    // The lowest-level parent of 0/id that reuses id; the leaf qgroup itself when there is none.
    private static int FindSubtreeQgroup(int fd, ulong subvolId, out ulong qgroupId)
    {
        qgroupId = 0;
        int r;
        if (subvolId == 0 && (r = BtrfsSubvolumes.GetId(fd, out subvolId)) < 0)
        {
            return r;
        }

        if (subvolId >> BtrfsIoctl.QgroupLevelShift != 0)
        {
            return -Errno.EINVAL;
        }

        if ((r = FindParents(fd, subvolId, out List<ulong> parents)) < 0)
        {
            return r;
        }

        ulong mask = (1UL << BtrfsIoctl.QgroupLevelShift) - 1;
        List<ulong> subtree = parents.Where(p => (p & mask) == subvolId).ToList();
        qgroupId = subtree.Count == 0 ? subvolId : subtree.MinBy(p => p >> BtrfsIoctl.QgroupLevelShift);
        return subtree.Count == 0 ? 0 : 1;
    }

    private static void DestroyRecursive(int fd, ulong qgroupId, int depth)
    {
        if (depth > 8 || FindParents(fd, qgroupId, out List<ulong> parents) < 0)
        {
            return;
        }

        ulong mask = (1UL << BtrfsIoctl.QgroupLevelShift) - 1;
        foreach (ulong parent in parents)
        {
            if (Assign(fd, false, qgroupId, parent) < 0)
            {
                return;
            }

            if ((parent & mask) == (qgroupId & mask))
            {
                DestroyRecursive(fd, parent, depth + 1);
            }
        }

        CreateOrDestroy(fd, create: false, qgroupId);
    }

    // The subvolume containing subvolId (its ROOT_BACKREF item's offset); ENXIO for the top level.
    private static int GetParentSubvolume(int fd, ulong subvolId, out ulong parent)
    {
        ulong found = 0;
        var search = new BtrfsTreeSearch(BtrfsIoctl.RootTreeObjectId, subvolId, subvolId, BtrfsIoctl.RootBackrefKey, BtrfsIoctl.RootBackrefKey, 0, ulong.MaxValue);
        int r = search.ForEach(fd, item =>
        {
            if (item.Type == BtrfsIoctl.RootBackrefKey && item.ObjectId == subvolId)
            {
                found = item.Offset;
                return false;
            }

            return true;
        });
        parent = found;
        return r < 0 ? r : found == 0 ? -Errno.ENXIO : 0;
    }

    private static int CreateOrDestroy(int fd, bool create, ulong qgroupId)
    {
        int r = BtrfsFile.RequireBtrfs(fd);
        if (r < 0)
        {
            return r;
        }

        byte[] args = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(args, create ? 1UL : 0);
        BinaryPrimitives.WriteUInt64LittleEndian(args.AsSpan(8), qgroupId);
        r = IoctlRetryingBusy(fd, BtrfsIoctl.QgroupCreate, args);

        // Quotas off: old kernels say EINVAL, newer ENOTCONN (upstream reports ENOTCONN either way).
        return r is -Errno.EINVAL or -Errno.ENOTCONN ? -Errno.ENOTCONN : r;
    }

    // A positive ioctl result asks for a rescan (the numbers are inconsistent until it ran).
    private static int Assign(int fd, bool assign, ulong child, ulong parent)
    {
        int r = BtrfsFile.RequireBtrfs(fd);
        if (r < 0)
        {
            return r;
        }

        byte[] args = new byte[24];
        BinaryPrimitives.WriteUInt64LittleEndian(args, assign ? 1UL : 0);
        BinaryPrimitives.WriteUInt64LittleEndian(args.AsSpan(8), child);
        BinaryPrimitives.WriteUInt64LittleEndian(args.AsSpan(16), parent);
        for (int attempt = 0; ; attempt++)
        {
            int rc = NativeFiles.Ioctl(fd, BtrfsIoctl.QgroupAssign, args);
            if (rc < 0 && NativeFiles.LastError == Errno.EBUSY && attempt < MaxBusyRetries)
            {
                NativeFiles.Ioctl(fd, BtrfsIoctl.QuotaRescanWait, 0);
                continue;
            }

            if (rc < 0)
            {
                return -NativeFiles.LastError;
            }

            if (rc > 0)
            {
                NativeFiles.Ioctl(fd, BtrfsIoctl.QuotaRescan, new byte[RescanArgsSize]);
            }

            return rc > 0 ? 1 : 0;
        }
    }

    private static int ResolveQgroup(int fd, ref ulong qgroupId) =>
        qgroupId == 0 ? BtrfsSubvolumes.GetId(fd, out qgroupId) : BtrfsFile.RequireBtrfs(fd);

    private static int IoctlRetryingBusy(int fd, ulong request, byte[] args)
    {
        for (int attempt = 0; ; attempt++)
        {
            if (NativeFiles.Ioctl(fd, request, args) >= 0)
            {
                return 0;
            }

            int errno = NativeFiles.LastError;
            if (errno != Errno.EBUSY || attempt >= MaxBusyRetries)
            {
                return -errno;
            }

            NativeFiles.Ioctl(fd, BtrfsIoctl.QuotaRescanWait, 0);
        }
    }
}
