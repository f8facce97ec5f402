// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Management.Btrfs;

namespace Portabled.Core.Management;

/// <summary>
/// Whether a directory is a btrfs subvolume, and what an image of it reports (upstream's image_make()):
/// its read-only flag and times, and its subtree qgroup's accounting unless a quota rescan is running
/// (or quotas are off: then usage and limits stay unknown).
/// </summary>
internal static class SubvolumeProbe
{
    /// <summary>True for a subvolume's root directory on btrfs; <paramref name="quota"/> is null when unknown.</summary>
    public static bool TryGet(string hostPath, out BtrfsSubvolumeInfo info, out BtrfsQuotaInfo? quota)
    {
        info = default;
        quota = null;
        int fd = BtrfsFile.OpenDirectory(hostPath, followFinalSymlink: true);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            if (BtrfsFile.IsSubvolume(fd) <= 0 || BtrfsSubvolumes.GetInfo(fd, out info) < 0)
            {
                return false;
            }

            if (BtrfsQuota.IsScanOngoing(fd) == 0 && BtrfsQuota.GetSubtreeQuota(fd, 0, out BtrfsQuotaInfo q) == 0)
            {
                quota = q;
            }

            return true;
        }
        finally
        {
            NativeFiles.Close(fd);
        }
    }

    /// <summary>BLKROGET of a block device node: whether the kernel has it read-only (false when it cannot be asked).</summary>
    public static bool IsBlockDeviceReadOnly(string hostPath)
    {
        const ulong BlkRoGet = 0x125E;
        int fd = NativeFiles.Open(hostPath, NativeFiles.ORdOnly | NativeFiles.ONonBlock | NativeFiles.OCloExec | NativeFiles.ONoCtty, 0);
        if (fd < 0)
        {
            return false;
        }

        int state = 0;
        bool readOnly = NativeFiles.Ioctl(fd, BlkRoGet, ref state) == 0 && state != 0;
        NativeFiles.Close(fd);
        return readOnly;
    }
}
