// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;

namespace Portabled.Core.Management;

/// <summary>
/// Sets or clears FS_IMMUTABLE_FL (chattr +i) of one directory or regular file, like upstream's
/// chattr_path(path, value, FS_IMMUTABLE_FL): opened without following a final symlink, anything but a
/// directory or regular file refused with ENOTTY (the ioctl number means other things to drivers).
/// </summary>
internal static class ImmutableFlag
{
    private const ulong FsIocGetFlags = 0x80086601;
    private const ulong FsIocSetFlags = 0x40086602;
    private const int FsImmutableFlag = 0x10;

    /// <summary>0, or a negative errno.</summary>
    public static int Set(string hostPath, bool immutable)
    {
        int fd = NativeFiles.Open(hostPath, NativeFiles.ORdOnly | NativeFiles.OCloExec | NativeFiles.ONoCtty | NativeFiles.ONoFollow | NativeFiles.ONonBlock, 0);
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

            if (!st.IsDirectory && !st.IsRegular)
            {
                return -Errno.ENOTTY;
            }

            int flags = 0;
            if (NativeFiles.Ioctl(fd, FsIocGetFlags, ref flags) < 0)
            {
                return -NativeFiles.LastError;
            }

            int updated = immutable ? flags | FsImmutableFlag : flags & ~FsImmutableFlag;
            return updated == flags || NativeFiles.Ioctl(fd, FsIocSetFlags, ref updated) >= 0 ? 0 : -NativeFiles.LastError;
        }
        finally
        {
            NativeFiles.Close(fd);
        }
    }
}
