// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Text;
using Portabled.Core.Errors;

namespace Portabled.Core.Management.Btrfs;

/// <summary>
/// Subvolumes as upstream's btrfs-util handles them (docs/image-management.md): identity and times,
/// the read-only flag, and removal of a subvolume together with the subvolumes nested in it and their
/// quota groups. Every method returns 0 (or a value) or a negative errno; ENOTTY means "not btrfs / not a
/// subvolume", which callers use to fall back to plain directory handling.
/// </summary>
internal static class BtrfsSubvolumes
{
    /// <summary>Nesting of subvolumes followed when removing (upstream recurses without bound).</summary>
    public const int MaxNesting = 256;

    private const int SubvolInfoSize = 504;
    private const int RootRefHeaderSize = 18;

    /// <summary>The id of the subvolume that contains <paramref name="fd"/> (BTRFS_IOC_INO_LOOKUP of inode 256).</summary>
    public static int GetId(int fd, out ulong id)
    {
        id = 0;
        int r = BtrfsFile.RequireBtrfs(fd);
        if (r < 0)
        {
            return r;
        }

        byte[] args = new byte[BtrfsIoctl.ArgsSize];
        BinaryPrimitives.WriteUInt64LittleEndian(args.AsSpan(8), BtrfsIoctl.FirstFreeObjectId);
        if (NativeFiles.Ioctl(fd, BtrfsIoctl.InoLookup, args) < 0)
        {
            return -NativeFiles.LastError;
        }

        id = BinaryPrimitives.ReadUInt64LittleEndian(args);
        return 0;
    }

    /// <summary>
    /// Id, read-only flag, otime and ctime of the subvolume containing <paramref name="fd"/>
    /// (BTRFS_IOC_GET_SUBVOL_INFO: the root item's flags at 288, ctime at 376, otime at 392, each time
    /// a u64 seconds and u32 nanoseconds).
    /// </summary>
    public static int GetInfo(int fd, out BtrfsSubvolumeInfo info)
    {
        info = default;
        int r = BtrfsFile.RequireBtrfs(fd);
        if (r < 0)
        {
            return r;
        }

        byte[] args = new byte[SubvolInfoSize];
        if (NativeFiles.Ioctl(fd, BtrfsIoctl.GetSubvolInfo, args) < 0)
        {
            return -NativeFiles.LastError;
        }

        ReadOnlySpan<byte> a = args;
        info = new BtrfsSubvolumeInfo(
            BinaryPrimitives.ReadUInt64LittleEndian(a),
            (BinaryPrimitives.ReadUInt64LittleEndian(a[288..]) & BtrfsIoctl.RootSubvolReadOnly) != 0,
            Microseconds(a[392..]),
            Microseconds(a[376..]));
        return 0;
    }

    /// <summary>Sets or clears BTRFS_SUBVOL_RDONLY of the subvolume whose root is <paramref name="fd"/> (EINVAL for any other directory).</summary>
    public static int SetReadOnly(int fd, bool readOnly)
    {
        int r = BtrfsFile.IsSubvolume(fd);
        if (r <= 0)
        {
            return r < 0 ? r : -Errno.EINVAL;
        }

        ulong flags = 0;
        if (NativeFiles.Ioctl(fd, BtrfsIoctl.SubvolGetFlags, ref flags) < 0)
        {
            return -NativeFiles.LastError;
        }

        ulong updated = readOnly ? flags | BtrfsIoctl.SubvolReadOnly : flags & ~BtrfsIoctl.SubvolReadOnly;
        return updated == flags || NativeFiles.Ioctl(fd, BtrfsIoctl.SubvolSetFlags, ref updated) >= 0 ? 0 : -NativeFiles.LastError;
    }

    /// <summary>
    /// btrfs_subvol_remove(path, RECURSIVE|QUOTA): removes the subvolume at <paramref name="hostPath"/>
    /// (the final component is not followed); ENOTTY when it is no subvolume.
    /// </summary>
    public static int Remove(string hostPath)
    {
        string trimmed = hostPath.Length > 1 ? hostPath.TrimEnd('/') : hostPath;
        string name = Path.GetFileName(trimmed);
        string? parent = Path.GetDirectoryName(trimmed);
        if (name.Length == 0 || name is "." or ".." || parent is null || Encoding.UTF8.GetByteCount(name) > BtrfsIoctl.PathNameMax)
        {
            return -Errno.EINVAL;
        }

        int fd = BtrfsFile.OpenDirectory(parent, followFinalSymlink: true);
        if (fd < 0)
        {
            return fd;
        }

        try
        {
            return RemoveAt(fd, [.. Encoding.UTF8.GetBytes(name), 0]);
        }
        finally
        {
            NativeFiles.Close(fd);
        }
    }

    /// <summary>Removes the subvolume <paramref name="name"/> (NUL-terminated) in directory <paramref name="dirFd"/>; ENOTTY when it is no subvolume.</summary>
    public static int RemoveAt(int dirFd, byte[] name) => RemoveChildren(dirFd, name, 0, 0);

    private static int RemoveChildren(int fd, byte[] name, ulong subvolId, int nesting)
    {
        if (NativeFiles.Statx(fd, string.Empty, NativeFiles.AtEmptyPath, NativeFiles.StatxType | NativeFiles.StatxMode, out NativeFiles.StatxBuffer st) < 0)
        {
            return -NativeFiles.LastError;
        }

        if (!st.IsDirectory || name.Length - 1 > BtrfsIoctl.PathNameMax)
        {
            return -Errno.EINVAL;
        }

        int subvolFd = NativeFiles.OpenAt(fd, name, NativeFiles.ORdOnly | NativeFiles.ONoCtty | NativeFiles.OCloExec | NativeFiles.ODirectory | NativeFiles.ONoFollow, 0);
        if (subvolFd < 0)
        {
            return -NativeFiles.LastError;
        }

        try
        {
            return RemoveOpened(fd, name, subvolFd, subvolId, nesting);
        }
        finally
        {
            NativeFiles.Close(subvolFd);
        }
    }

    private static int RemoveOpened(int fd, byte[] name, int subvolFd, ulong subvolId, int nesting)
    {
        // ENOTTY for a plain directory, ahead of the ioctl's own EPERM: callers fall back on it.
        int r = BtrfsFile.IsSubvolume(subvolFd);
        if (r <= 0)
        {
            return r < 0 ? r : -Errno.ENOTTY;
        }

        if (subvolId == 0 && (r = GetId(subvolFd, out subvolId)) < 0)
        {
            return r;
        }

        byte[] volArgs = new byte[BtrfsIoctl.ArgsSize];
        name.AsSpan(0, name.Length - 1).CopyTo(volArgs.AsSpan(8));
        if (NativeFiles.Ioctl(fd, BtrfsIoctl.SnapDestroy, volArgs) >= 0)
        {
            BtrfsQuota.DestroyRecursive(fd, subvolId);
            return 0;
        }

        int errno = NativeFiles.LastError;
        if (errno != Errno.ENOTEMPTY)
        {
            return -errno;
        }

        // Not empty: subvolumes are nested in it. Remove them first, then try again.
        r = nesting >= MaxNesting ? -Errno.ELOOP : RemoveNested(subvolFd, subvolId, nesting);
        if (r < 0)
        {
            return r;
        }

        if (NativeFiles.Ioctl(fd, BtrfsIoctl.SnapDestroy, volArgs) < 0)
        {
            return -NativeFiles.LastError;
        }

        BtrfsQuota.DestroyRecursive(fd, subvolId);
        return 0;
    }

    // The root tree's ROOT_BACKREF items (child id, 144, parent id) name each nested subvolume: a
    // btrfs_root_ref (u64 dirid, u64 sequence, u16 name_len, name) and the directory it sits in, whose
    // path inside the parent BTRFS_IOC_INO_LOOKUP gives (relative, with a trailing slash; empty for the top).
    private static int RemoveNested(int subvolFd, ulong subvolId, int nesting)
    {
        var children = new List<(ulong Id, ulong DirId, byte[] Name)>();
        var search = new BtrfsTreeSearch(BtrfsIoctl.RootTreeObjectId, BtrfsIoctl.FirstFreeObjectId, BtrfsIoctl.LastFreeObjectId,
            BtrfsIoctl.RootBackrefKey, BtrfsIoctl.RootBackrefKey, subvolId, subvolId);
        int r = search.ForEach(subvolFd, item =>
        {
            if (item.Type == BtrfsIoctl.RootBackrefKey && item.Offset == subvolId && item.Body.Length >= RootRefHeaderSize)
            {
                int length = BinaryPrimitives.ReadUInt16LittleEndian(item.Body.AsSpan(16));
                if (length <= item.Body.Length - RootRefHeaderSize)
                {
                    children.Add((item.ObjectId, BinaryPrimitives.ReadUInt64LittleEndian(item.Body), [.. item.Body.AsSpan(RootRefHeaderSize, length), 0]));
                }
            }

            return true;
        });
        if (r < 0)
        {
            return r;
        }

        bool madeWritable = false;
        foreach ((ulong id, ulong dirId, byte[] childName) in children)
        {
            if (LookupDirectory(subvolFd, subvolId, dirId, out byte[] directory) is var l and < 0)
            {
                return l;
            }

            if (!madeWritable)
            {
                if ((r = SetReadOnly(subvolFd, false)) < 0)
                {
                    return r;
                }

                madeWritable = true;
            }

            r = directory.Length == 1 ? RemoveChildren(subvolFd, childName, id, nesting + 1) : RemoveIn(subvolFd, directory, childName, id, nesting + 1);
            if (r < 0)
            {
                return r;
            }
        }

        return 0;
    }

    private static int RemoveIn(int subvolFd, byte[] directory, byte[] childName, ulong id, int nesting)
    {
        int dirFd = NativeFiles.OpenAt(subvolFd, directory, NativeFiles.ORdOnly | NativeFiles.ONoCtty | NativeFiles.OCloExec | NativeFiles.ODirectory | NativeFiles.ONoFollow, 0);
        if (dirFd < 0)
        {
            return -NativeFiles.LastError;
        }

        try
        {
            return RemoveChildren(dirFd, childName, id, nesting);
        }
        finally
        {
            NativeFiles.Close(dirFd);
        }
    }

    // btrfs_ioctl_ino_lookup_args: u64 treeid, u64 objectid, char name[4080] (the answer).
    private static int LookupDirectory(int fd, ulong treeId, ulong dirId, out byte[] path)
    {
        path = [];
        byte[] args = new byte[BtrfsIoctl.ArgsSize];
        BinaryPrimitives.WriteUInt64LittleEndian(args, treeId);
        BinaryPrimitives.WriteUInt64LittleEndian(args.AsSpan(8), dirId);
        if (NativeFiles.Ioctl(fd, BtrfsIoctl.InoLookup, args) < 0)
        {
            return -NativeFiles.LastError;
        }

        ReadOnlySpan<byte> name = args.AsSpan(16);
        int end = name.IndexOf((byte)0);
        path = [.. name[..(end < 0 ? name.Length - 1 : end)], 0];
        return 0;
    }

    private static ulong Microseconds(ReadOnlySpan<byte> timespec) =>
        (BinaryPrimitives.ReadUInt64LittleEndian(timespec) * 1_000_000) + (BinaryPrimitives.ReadUInt32LittleEndian(timespec[8..]) / 1000);
}
