// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Portabled.Dissect.Interop;

/// <summary>
/// The size of a block device. stat() reports st_size = 0 for block devices, so
/// <see cref="RandomAccess.GetLength"/> returns 0 there; the kernel's BLKGETSIZE64 ioctl
/// (linux/fs.h: _IOR(0x12, 114, size_t)) gives the size in bytes.
/// </summary>
internal static partial class BlockDevice
{
    /// <summary>BLKGETSIZE64 on 64-bit Linux: _IOR(0x12, 114, sizeof(u64)).</summary>
    private const nuint BlkGetSize64 = 0x80081272;

    /// <summary>The device size, or false when <paramref name="handle"/> is not a block device (ENOTTY) or the ioctl fails.</summary>
    public static bool TryGetSize(SafeFileHandle handle, out long size)
    {
        size = 0;
        if (!OperatingSystem.IsLinux() || Ioctl(handle, BlkGetSize64, out ulong bytes) != 0 || bytes > long.MaxValue)
        {
            return false;
        }

        size = (long)bytes;
        return true;
    }

    [LibraryImport("libc.so.6", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(SafeFileHandle fd, nuint request, out ulong value);
}
