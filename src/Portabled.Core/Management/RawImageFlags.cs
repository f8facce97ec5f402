// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Management.Btrfs;

namespace Portabled.Core.Management;

/// <summary>Read-only marks of raw images (the access mode) and block devices (the kernel's read-only flag), as upstream's image_read_only().</summary>
internal static class RawImageFlags
{
    private const ulong BlkRoSet = 0x125D;

    /// <summary>
    /// Keeps the read bits and drops every write bit (read-only), or adds the owner's (writable):
    /// <c>(mode &amp; 0444) | (readOnly ? 0 : 0200)</c>, following symlinks like chmod(2). A file that is now
    /// read-only is defragmented on btrfs, as upstream does (no write will fragment it again; failures ignored).
    /// </summary>
    public static int SetReadOnly(string hostPath, bool readOnly)
    {
        if (NativeFiles.Statx(NativeFiles.AtFdCwd, hostPath, 0, NativeFiles.StatxType | NativeFiles.StatxMode, out NativeFiles.StatxBuffer st) < 0)
        {
            return -NativeFiles.LastError;
        }

        if (NativeFiles.ChangeMode(hostPath, (uint)(st.Mode & 0x124) | (readOnly ? 0u : 0x80u)) < 0)
        {
            return -NativeFiles.LastError;
        }

        if (readOnly)
        {
            Defragment(hostPath);
        }

        return 0;
    }

    /// <summary>BLKROSET on the device node (ENOTTY when it is not a block device).</summary>
    public static int SetBlockDeviceReadOnly(string hostPath, bool readOnly)
    {
        int fd = NativeFiles.Open(hostPath, NativeFiles.OCloExec | NativeFiles.ORdOnly | NativeFiles.ONonBlock | NativeFiles.ONoCtty, 0);
        if (fd < 0)
        {
            return -NativeFiles.LastError;
        }

        try
        {
            if (NativeFiles.Statx(fd, string.Empty, NativeFiles.AtEmptyPath, NativeFiles.StatxType | NativeFiles.StatxMode, out NativeFiles.StatxBuffer st) < 0)
            {
                return -NativeFiles.LastError;
            }

            if (!st.IsBlockDevice)
            {
                return -Errno.ENOTTY;
            }

            int state = readOnly ? 1 : 0;
            return NativeFiles.Ioctl(fd, BlkRoSet, ref state) < 0 ? -NativeFiles.LastError : 0;
        }
        finally
        {
            NativeFiles.Close(fd);
        }
    }

    private static void Defragment(string hostPath)
    {
        int fd = NativeFiles.Open(hostPath, NativeFiles.ORdWr | NativeFiles.OCloExec | NativeFiles.ONoCtty | NativeFiles.ONoFollow, 0);
        if (fd < 0)
        {
            return;
        }

        if (NativeFiles.Statx(fd, string.Empty, NativeFiles.AtEmptyPath, NativeFiles.StatxType | NativeFiles.StatxMode, out NativeFiles.StatxBuffer st) == 0 &&
            st.IsRegular && BtrfsFile.IsBtrfs(fd) > 0)
        {
            NativeFiles.Ioctl(fd, BtrfsIoctl.Defrag, 0);
        }

        NativeFiles.Close(fd);
    }
}
