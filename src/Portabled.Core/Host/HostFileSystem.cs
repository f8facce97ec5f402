// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using Portabled.Core.Errors;

namespace Portabled.Core.Host;

/// <summary>
/// The few host file system calls .NET does not offer: write-access probing (EROFS), the
/// immutable attribute (FS_IOC_GETFLAGS), mkdir with its errno, fsync of directories, syncfs, setting extended attributes (reading them is
/// Dissect's <c>HostExtendedAttributes</c>), whether SELinux is in use. Paths are real host paths.
/// </summary>
internal static partial class HostFileSystem
{
    private const int WOk = 2;
    private const int ORdOnly = 0;
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;
    private const int ONoFollow = 0x20000;
    private const int ODirectory = 0x10000;
    private const ulong FsIocGetFlags = 0x80086601;
    private const int FsImmutableFlag = 0x10;

    /// <summary>Whether the path lives on a read-only file system (access(W_OK) fails with EROFS).</summary>
    public static bool IsOnReadOnlyFileSystem(string path) =>
        Access(path, WOk) != 0 && Marshal.GetLastPInvokeError() == Errno.EROFS;

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

    /// <summary>mkdir(2) with <paramref name="mode"/> (the umask applies); fails with the errno, EEXIST included.</summary>
    public static void MakeDirectory(string path, int mode)
    {
        if (MkDir(path, mode) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new ErrnoException(errno, $"Failed to create directory '{path}': {Errors.Errno.ToMessage(errno)}");
        }
    }

    /// <summary>fsync(2) of a directory, so the entries created, renamed or removed in it survive a power cut.</summary>
    public static void SyncDirectory(string path)
    {
        int fd = Open(path, ORdOnly | ODirectory | OCloExec);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new ErrnoException(errno, $"Failed to open directory '{path}': {Errors.Errno.ToMessage(errno)}");
        }

        try
        {
            if (FSync(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new ErrnoException(errno, $"Failed to sync directory '{path}': {Errors.Errno.ToMessage(errno)}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>syncfs(2) of the file system holding <paramref name="path"/> (a whole copied tree at once).</summary>
    public static void SyncFileSystem(string path)
    {
        int fd = Open(path, ORdOnly | OCloExec);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new ErrnoException(errno, $"Failed to open '{path}': {Errors.Errno.ToMessage(errno)}");
        }

        try
        {
            if (SyncFs(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new ErrnoException(errno, $"Failed to sync the file system of '{path}': {Errors.Errno.ToMessage(errno)}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Sets an extended attribute of the path itself (lsetxattr, never following a symlink); false when the kernel refuses it.</summary>
    public static bool TrySetExtendedAttribute(string path, string name, ReadOnlySpan<byte> value) =>
        LSetXattr(path, name, value.ToArray(), value.Length, 0) == 0;

    /// <summary>
    /// libselinux's is_selinux_enabled(), which upstream's mac_selinux_use() asks: a selinuxfs
    /// mounted read-write (at <paramref name="selinuxfsMounts"/>, by default /sys/fs/selinux, the
    /// old /selinux, then any selinuxfs in /proc/self/mounts) and a policy configuration at
    /// <paramref name="config"/> (/etc/selinux/config).
    /// </summary>
    public static bool IsSelinuxEnabled(IEnumerable<string>? selinuxfsMounts = null, string config = "/etc/selinux/config") =>
        File.Exists(config) && (selinuxfsMounts ?? DefaultSelinuxfsMounts()).Any(IsWritableSelinuxfs);

    private static IEnumerable<string> DefaultSelinuxfsMounts()
    {
        yield return "/sys/fs/selinux";
        yield return "/selinux";
        string[] mounts;
        try
        {
            mounts = File.ReadAllLines("/proc/self/mounts");
        }
        catch (IOException)
        {
            yield break;
        }

        foreach (string line in mounts)
        {
            // "source target fstype options 0 0"; spaces in the target are written as \040.
            string[] fields = line.Split(' ');
            if (fields.Length > 2 && fields[2] == "selinuxfs")
            {
                yield return fields[1].Replace("\\040", " ", StringComparison.Ordinal);
            }
        }
    }

    private static bool IsWritableSelinuxfs(string path)
    {
        const long SelinuxMagic = 0xf97cff8c;
        const long ReadOnlyFlag = 1; // ST_RDONLY
        return StatFs(path, out StatFsBuffer buffer) == 0 && buffer.Type == SelinuxMagic && (buffer.Flags & ReadOnlyFlag) == 0;
    }

    [LibraryImport("libc.so.6", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);

    [LibraryImport("libc.so.6", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkDir(string path, int mode);

    [LibraryImport("libc.so.6", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlGetFlags(int fd, ulong request, out int flags);

    [LibraryImport("libc.so.6", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    [LibraryImport("libc.so.6", EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LSetXattr(string path, string name, byte[] value, nint size, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatFs(string path, out StatFsBuffer buffer);

    // struct statfs of 64-bit Linux (x86-64, arm64): 120 bytes; f_type at 0, f_flags at 80.
    [StructLayout(LayoutKind.Explicit, Size = 120)]
    private struct StatFsBuffer
    {
        [FieldOffset(0)] public long Type;
        [FieldOffset(80)] public long Flags;
    }
}
