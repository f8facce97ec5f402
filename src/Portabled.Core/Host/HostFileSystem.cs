// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using System.Text;
using Portabled.Core.Errors;

namespace Portabled.Core.Host;

/// <summary>
/// The few host file system calls .NET does not offer: write-access probing (EROFS), the
/// immutable attribute (FS_IOC_GETFLAGS), extended attributes. Paths are real host paths.
/// </summary>
internal static partial class HostFileSystem
{
    private const int WOk = 2;
    private const int ORdOnly = 0;
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;
    private const int ONoFollow = 0x20000;
    private const ulong FsIocGetFlags = 0x80086601;
    private const int FsImmutableFlag = 0x10;
    private const long BtrfsSuperMagic = 0x9123683E;

    /// <summary>Whether the path lives on a read-only file system (access(W_OK) fails with EROFS).</summary>
    public static bool IsOnReadOnlyFileSystem(string path) =>
        Access(path, WOk) != 0 && Marshal.GetLastPInvokeError() == Errno.EROFS;

    /// <summary>
    /// Whether <paramref name="path"/> is on btrfs (statfs() f_type BTRFS_SUPER_MAGIC); 0 when it
    /// is known, else the errno of statfs().
    /// </summary>
    public static int IsOnBtrfs(string path, out bool btrfs)
    {
        // struct statfs is 120 bytes on 64-bit Linux and starts with f_type (a long).
        byte[] buffer = new byte[256];
        btrfs = false;
        if (StatFs(path, buffer) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        btrfs = BitConverter.ToInt64(buffer, 0) == BtrfsSuperMagic;
        return 0;
    }

    /// <summary>Whether the immutable attribute (chattr +i) is set; false when it cannot be read.</summary>
    public static bool IsImmutable(string path)
    {
        int fd = Open(path, ORdOnly | ONonBlock | OCloExec | ONoFollow);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            return IoctlGetFlags(fd, FsIocGetFlags, out int flags) == 0 && (flags & FsImmutableFlag) != 0;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// rename(2) of a path itself — .NET's File.Move follows a symlink source and refuses one that
    /// points at a directory. Without <paramref name="replace"/> an existing destination fails
    /// atomically (RENAME_NOREPLACE) instead of being checked beforehand.
    /// </summary>
    public static void Rename(string from, string to, bool replace)
    {
        const int AtFdCwd = -100;
        const uint RenameNoReplace = 1;
        if (RenameAt2(AtFdCwd, from, AtFdCwd, to, replace ? 0 : RenameNoReplace) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new ErrnoException(errno, $"Failed to rename '{from}' to '{to}': {Errors.Errno.ToMessage(errno)}");
        }
    }

    /// <summary>The value of an extended attribute of the path itself (not following a symlink), or null.</summary>
    public static string? GetExtendedAttribute(string path, string name)
    {
        byte[] buffer = new byte[256];
        nint length = LGetXattr(path, name, buffer, buffer.Length);
        return length < 0 ? null : Encoding.UTF8.GetString(buffer, 0, (int)length);
    }

    [LibraryImport("libc.so.6", EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatFs(string path, [Out] byte[] buffer);

    [LibraryImport("libc.so.6", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);

    [LibraryImport("libc.so.6", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlGetFlags(int fd, ulong request, out int flags);

    [LibraryImport("libc.so.6", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    [LibraryImport("libc.so.6", EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint LGetXattr(string path, string name, byte[] value, nint size);
}
