// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Management.Btrfs;

namespace Portabled.Core.Management;

/// <summary>
/// Removes a directory tree the way upstream's <c>rm_rf(path, REMOVE_ROOT|REMOVE_PHYSICAL|REMOVE_SUBVOLUME)</c>
/// does (docs/image-management.md): a btrfs subvolume goes as a whole (with its nested subvolumes and
/// quota groups); otherwise every entry is removed through a descriptor of its directory (openat/unlinkat,
/// never following a symlink: a link is removed, not its target), mount points are left alone, and the
/// walk goes on after an error and reports the first one (ENOENT, an entry that vanished meanwhile, is
/// not one). A path that is itself a symlink or a file is unlinked. An immutable file or directory
/// inside is not cleared: it stays, with everything it holds, and its EPERM is reported.
/// </summary>
internal static class TreeRemover
{
    /// <summary>Directories deeper than this are not entered (ELOOP); upstream's recursion has no bound.</summary>
    public const int MaxDepth = 4096;

    private const int BtrfsFirstFreeObjectId = 256;
    private const uint StatMask = NativeFiles.StatxType | NativeFiles.StatxMode | NativeFiles.StatxIno;

    /// <summary>Removes <paramref name="hostPath"/>; 0, or the first negative errno.</summary>
    public static int Remove(string hostPath)
    {
        int r = BtrfsSubvolumes.Remove(hostPath);
        if (r >= 0 || r is not (-Errno.ENOTTY or -Errno.EINVAL or -Errno.ENOTDIR))
        {
            return r;
        }

        int fd = NativeFiles.Open(hostPath, NativeFiles.ORdOnly | NativeFiles.ONoCtty | NativeFiles.OCloExec | NativeFiles.ODirectory | NativeFiles.ONoFollow | NativeFiles.ONoAtime, 0);
        if (fd < 0)
        {
            int errno = NativeFiles.LastError;
            if (errno is not (Errno.ENOTDIR or Errno.ELOOP))
            {
                return -errno;
            }

            return NativeFiles.Unlink(hostPath) < 0 ? -NativeFiles.LastError : 0;
        }

        try
        {
            r = RemoveChildren(fd, 0);
        }
        finally
        {
            NativeFiles.Close(fd);
        }

        if (NativeFiles.RemoveDirectory(hostPath) < 0 && r >= 0)
        {
            r = -NativeFiles.LastError;
        }

        return r;
    }

    private static int RemoveChildren(int fd, int depth)
    {
        int first = 0;
        int r = DirectoryEntries.ForEach(fd, (name, type) =>
        {
            int q = RemoveChild(fd, name, type, depth);
            if (q < 0 && q != -Errno.ENOENT && first == 0)
            {
                first = q;
            }
        });
        return first != 0 ? first : r;
    }

    private static int RemoveChild(int fd, byte[] name, byte type, int depth)
    {
        bool isDirectory = type == DirectoryEntries.TypeDirectory;
        NativeFiles.StatxBuffer st = default;
        if (type is DirectoryEntries.TypeUnknown or DirectoryEntries.TypeDirectory)
        {
            if (NativeFiles.Statx(fd, name, NativeFiles.AtSymlinkNoFollow, StatMask, out st) < 0)
            {
                return -NativeFiles.LastError;
            }

            isDirectory = st.IsDirectory;
        }

        if (!isDirectory)
        {
            return NativeFiles.UnlinkAt(fd, name, 0) < 0 ? -NativeFiles.LastError : 1;
        }

        if ((st.Attributes & NativeFiles.StatxAttrMountRoot) != 0)
        {
            return 0;
        }

        if (st.Ino == BtrfsFirstFreeObjectId)
        {
            int s = BtrfsSubvolumes.RemoveAt(fd, name);
            if (s >= 0)
            {
                return 1;
            }

            if (s is not (-Errno.ENOTTY or -Errno.EINVAL))
            {
                return s;
            }
        }

        int q = depth + 1 >= MaxDepth ? -Errno.ELOOP : RemoveSubdirectory(fd, name, depth + 1);
        if (NativeFiles.UnlinkAt(fd, name, NativeFiles.AtRemoveDir) < 0)
        {
            return -NativeFiles.LastError;
        }

        return q < 0 ? q : 1;
    }

    private static int RemoveSubdirectory(int fd, byte[] name, int depth)
    {
        int sub = NativeFiles.OpenAt(fd, name, NativeFiles.ORdOnly | NativeFiles.ONonBlock | NativeFiles.ODirectory | NativeFiles.OCloExec | NativeFiles.ONoFollow | NativeFiles.ONoAtime, 0);
        if (sub < 0)
        {
            return -NativeFiles.LastError;
        }

        try
        {
            return RemoveChildren(sub, depth);
        }
        finally
        {
            NativeFiles.Close(sub);
        }
    }
}
