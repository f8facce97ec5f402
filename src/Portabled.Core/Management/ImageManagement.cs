// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.ExceptionServices;
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Images;
using Portabled.Core.Management.Btrfs;
using Portabled.Core.Versions;

namespace Portabled.Core.Management;

/// <summary>
/// Removing images, marking them read-only and setting quota limits, as upstream's image_remove(),
/// image_read_only(), image_set_limit() and SetPoolLimit do it (docs/image-management.md). Vendor images
/// (below /usr) are read-only for all of it; each change holds the image's nspawn locks. Failures are
/// bare errnos, as upstream returns them.
/// </summary>
internal sealed class ImageManagement
{
    // Removal recurses per directory level (TreeRemover.MaxDepth): give it room.
    private const int RemovalStackSize = 16 * 1024 * 1024;

    private readonly HostLayout _layout;
    private readonly UpstreamBehavior _behavior;
    private int _ongoing;

    public ImageManagement(HostLayout layout, UpstreamBehavior behavior)
    {
        _layout = layout;
        _behavior = behavior;
    }

    /// <summary>Removals under way.</summary>
    public int OngoingOperations => Volatile.Read(ref _ongoing);

    /// <summary>Removes the image and the files that belong to it (blocking; the caller runs it off the bus thread).</summary>
    public void Remove(PortableImage image)
    {
        Interlocked.Increment(ref _ongoing);
        try
        {
            Exception? failure = null;
            var worker = new Thread(() => failure = Catch(() => RemoveNow(image)), RemovalStackSize) { Name = "image-remove", IsBackground = true };
            worker.Start();
            worker.Join();
            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _ongoing);
        }
    }

    /// <summary>Marks the image read-only or writable.</summary>
    public void SetReadOnly(PortableImage image, bool readOnly)
    {
        if (IsVendorOrHost(image) || (_behavior.HiddenImagesAreReadOnly && image.Name.StartsWith('.')))
        {
            throw new ErrnoException(Errno.EROFS);
        }

        using ImageLock held = ImageLock.AcquireExclusive(_layout, image.Path);
        string host = _layout.ToHost(image.Path);
        Check(image.Type switch
        {
            PortableImageType.Subvolume => WithDirectory(host, follow: true, fd => BtrfsSubvolumes.SetReadOnly(fd, readOnly)),
            PortableImageType.Directory => ImmutableFlag.Set(host, readOnly),
            PortableImageType.Raw => RawImageFlags.SetReadOnly(host, readOnly),
            PortableImageType.Block => RawImageFlags.SetBlockDeviceReadOnly(host, readOnly),
            _ => -Errno.EOPNOTSUPP,
        });
    }

    /// <summary>Sets the referenced-bytes limit of a subvolume image (its own and its subtree qgroup); EOPNOTSUPP for other types.</summary>
    public void SetLimit(PortableImage image, ulong limit)
    {
        if (IsVendorOrHost(image))
        {
            throw new ErrnoException(Errno.EROFS);
        }

        if (image.Type != PortableImageType.Subvolume)
        {
            throw new ErrnoException(Errno.EOPNOTSUPP);
        }

        // The leaf qgroup too, as upstream does for images set up before subtree qgroups existed.
        string host = _layout.ToHost(image.Path);
        WithDirectory(host, follow: false, fd => BtrfsQuota.SetLimit(fd, 0, limit));
        WithDirectory(host, follow: true, fd => BtrfsQuota.AutoQgroup(fd, 0));
        Check(WithDirectory(host, follow: false, fd => BtrfsQuota.SetSubtreeLimit(fd, 0, limit)));
    }

    /// <summary>Sets the limit of the pool directory's subtree qgroup.</summary>
    public void SetPoolLimit(ulong limit)
    {
        string pool = _layout.ToHost(_layout.PoolPath);
        WithFile(pool, fd => BtrfsQuota.SetLimit(fd, 0, limit));
        int r = WithFile(pool, fd => BtrfsQuota.SetSubtreeLimit(fd, 0, limit));
        if (r == -Errno.ENOTTY)
        {
            throw new PortableException(PortableErrorNames.NotSupported, "Quota is only supported on btrfs.");
        }

        if (r < 0)
        {
            throw new ErrnoException(-r, "Failed to adjust quota limit: " + Errno.ToMessage(-r));
        }
    }

    /// <summary>The pool's subtree quota (<c>PoolUsage</c>, <c>PoolLimit</c>); unknown (<see cref="ulong.MaxValue"/>) off btrfs or without quotas.</summary>
    public BtrfsQuotaInfo GetPoolQuota()
    {
        BtrfsQuotaInfo quota = new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);
        WithDirectory(_layout.ToHost(_layout.PoolPath), follow: true, fd =>
        {
            int r = BtrfsQuota.GetSubtreeQuota(fd, 0, out BtrfsQuotaInfo found);
            quota = r < 0 ? quota : found;
            return r;
        });
        return quota;
    }

    private void RemoveNow(PortableImage image)
    {
        if (IsVendorOrHost(image))
        {
            throw new ErrnoException(Errno.EROFS);
        }

        using (ImageLock.AcquireExclusive(_layout, image.Path))
        {
            string host = _layout.ToHost(image.Path);
            Check(image.Type switch
            {
                // A subvolume found through a symlink: the link goes, as upstream tries first.
                PortableImageType.Subvolume => NativeFiles.Unlink(host) == 0 ? 0 : BtrfsSubvolumes.Remove(host),
                PortableImageType.Directory => RemoveDirectory(host),

                // A device node under /dev is the device itself: only what lies beside it goes.
                PortableImageType.Block when image.Path == "/dev" || image.Path.StartsWith("/dev/", StringComparison.Ordinal) => 0,
                PortableImageType.Raw or PortableImageType.Block => NativeFiles.Unlink(host) == 0 ? 0 : -NativeFiles.LastError,
                _ => -Errno.EOPNOTSUPP,
            });
        }

        string directory = Path.GetDirectoryName(image.Path) ?? "/";
        foreach (string settings in _behavior.NspawnSettingsDirectories)
        {
            NativeFiles.Unlink(_layout.ToHost(settings + "/" + image.Name + ".nspawn"));
        }

        foreach (string suffix in _behavior.RemovedSidecarSuffixes)
        {
            NativeFiles.Unlink(_layout.ToHost(Path.Join(directory, image.Name + suffix)));
        }
    }

    // MarkReadOnly sets FS_IMMUTABLE_FL on the top directory only: clear it so the tree can go.
    private static int RemoveDirectory(string host)
    {
        ImmutableFlag.Set(host, false);
        return TreeRemover.Remove(host);
    }

    private static bool IsVendorOrHost(PortableImage image) =>
        image.Path == "/usr" || image.Path.StartsWith("/usr/", StringComparison.Ordinal) || image.Path == "/" || image.Name == ".host";

    private static int WithDirectory(string host, bool follow, Func<int, int> action)
    {
        int fd = BtrfsFile.OpenDirectory(host, follow);
        if (fd < 0)
        {
            return fd;
        }

        try
        {
            return action(fd);
        }
        finally
        {
            NativeFiles.Close(fd);
        }
    }

    // upstream opens the pool for the limit without O_DIRECTORY (O_NOFOLLOW only).
    private static int WithFile(string host, Func<int, int> action)
    {
        int fd = NativeFiles.Open(host, NativeFiles.ORdOnly | NativeFiles.OCloExec | NativeFiles.ONoCtty | NativeFiles.ONoFollow, 0);
        if (fd < 0)
        {
            return -NativeFiles.LastError;
        }

        try
        {
            return action(fd);
        }
        finally
        {
            NativeFiles.Close(fd);
        }
    }

    private static void Check(int r)
    {
        if (r < 0)
        {
            throw new ErrnoException(-r);
        }
    }

    private static Exception? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
