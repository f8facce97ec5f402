// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;

namespace Portabled.Core.Management.Btrfs;

/// <summary>What upstream checks before any btrfs ioctl: the file system type, and whether a directory is a subvolume.</summary>
internal static class BtrfsFile
{
    /// <summary>1 when <paramref name="fd"/> is on btrfs, 0 when not, a negative errno when fstatfs fails.</summary>
    public static int IsBtrfs(int fd) =>
        NativeFiles.FStatFs(fd, out NativeFiles.StatFsBuffer s) < 0 ? -NativeFiles.LastError : s.Type == BtrfsIoctl.SuperMagic ? 1 : 0;

    /// <summary>0 when <paramref name="fd"/> is on btrfs; ENOTTY when not (as upstream answers for other file systems).</summary>
    public static int RequireBtrfs(int fd)
    {
        int r = IsBtrfs(fd);
        return r < 0 ? r : r == 0 ? -Errno.ENOTTY : 0;
    }

    /// <summary>1 when <paramref name="fd"/> is the root directory of a btrfs subvolume (inode 256 on btrfs), 0 when not.</summary>
    public static int IsSubvolume(int fd)
    {
        if (NativeFiles.Statx(fd, string.Empty, NativeFiles.AtEmptyPath, NativeFiles.StatxType | NativeFiles.StatxMode | NativeFiles.StatxIno, out NativeFiles.StatxBuffer st) < 0)
        {
            return -NativeFiles.LastError;
        }

        return st.IsDirectory && st.Ino == BtrfsIoctl.FirstFreeObjectId ? IsBtrfs(fd) : 0;
    }

    /// <summary>Opens a directory (read-only, close-on-exec); the fd, or a negative errno.</summary>
    public static int OpenDirectory(string hostPath, bool followFinalSymlink)
    {
        int fd = NativeFiles.Open(hostPath, NativeFiles.ORdOnly | NativeFiles.ONoCtty | NativeFiles.OCloExec | NativeFiles.ODirectory |
            (followFinalSymlink ? 0 : NativeFiles.ONoFollow), 0);
        return fd < 0 ? -NativeFiles.LastError : fd;
    }
}
