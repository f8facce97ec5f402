// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Core.Management;

/// <summary>
/// The libc calls image management needs that .NET does not offer: file descriptors relative to a
/// directory (openat/unlinkat/statx/getdents64, so a tree is walked without ever following a symlink
/// by path), ioctl, fcntl record locks; plain read/write for the one small file a start may touch,
/// where .NET's file stack would stay in the idle daemon's memory (docs/benchmarks.md). Every call
/// returns -1 and sets errno on failure; the callers turn that into <see cref="Errors.ErrnoException"/>.
/// Flag values are x86-64's (the one target of scripts/build).
/// </summary>
internal static partial class NativeFiles
{
    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtRemoveDir = 0x200;
    public const int AtEmptyPath = 0x1000;
    public const int ORdOnly = 0;
    public const int ORdWr = 2;
    public const int OWrOnly = 1;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int ONoCtty = 0x100;
    public const int ONonBlock = 0x800;
    public const int ODirectory = 0x10000;
    public const int ONoFollow = 0x20000;
    public const int ONoAtime = 0x40000;
    public const int OCloExec = 0x80000;
    public const uint StatxType = 0x1;
    public const uint StatxMode = 0x2;
    public const uint StatxIno = 0x100;
    public const uint StatxMntId = 0x1000;
    public const ulong StatxAttrMountRoot = 0x2000;

    public static int LastError => Marshal.GetLastPInvokeError();

    [LibraryImport("libc.so.6", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc.so.6", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(int dirFd, string path, int flags, uint mode);

    [LibraryImport("libc.so.6", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    [LibraryImport("libc.so.6", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc.so.6", EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc.so.6", EntryPoint = "openat", SetLastError = true)]
    public static partial int OpenAt(int dirFd, byte[] name, int flags, uint mode);

    [LibraryImport("libc.so.6", EntryPoint = "unlinkat", SetLastError = true)]
    public static partial int UnlinkAt(int dirFd, byte[] name, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlink(string path);

    [LibraryImport("libc.so.6", EntryPoint = "rmdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RemoveDirectory(string path);

    [LibraryImport("libc.so.6", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MakeDirectory(string path, uint mode);

    [LibraryImport("libc.so.6", EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ChangeMode(string path, uint mode);

    [LibraryImport("libc.so.6", EntryPoint = "getdents64", SetLastError = true)]
    public static partial nint GetDents64(int fd, byte[] buffer, nuint count);

    [LibraryImport("libc.so.6", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int dirFd, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc.so.6", EntryPoint = "statx", SetLastError = true)]
    public static partial int Statx(int dirFd, byte[] name, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc.so.6", EntryPoint = "fstatfs", SetLastError = true)]
    public static partial int FStatFs(int fd, out StatFsBuffer buffer);

    [LibraryImport("libc.so.6", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, ulong request, ref int value);

    [LibraryImport("libc.so.6", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, ulong request, ref ulong value);

    [LibraryImport("libc.so.6", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, ulong request, byte[] value);

    [LibraryImport("libc.so.6", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, ulong request, nint value);

    [LibraryImport("libc.so.6", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int FcntlLock(int fd, int command, ref FLock value);

    /// <summary>struct statx (linux/stat.h): 256 bytes, the same on every architecture.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct StatxBuffer
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(8)] public ulong Attributes;
        [FieldOffset(16)] public uint Nlink;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Ino;
        [FieldOffset(96)] public long CtimeSec;
        [FieldOffset(104)] public uint CtimeNsec;
        [FieldOffset(128)] public uint RdevMajor;
        [FieldOffset(132)] public uint RdevMinor;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;
        [FieldOffset(144)] public ulong MountId;

        public readonly bool IsDirectory => (Mode & 0xf000) == 0x4000;

        public readonly bool IsRegular => (Mode & 0xf000) == 0x8000;

        public readonly bool IsBlockDevice => (Mode & 0xf000) == 0x6000;

        /// <summary>The dev_t glibc's stat() reports (gnu_dev_makedev of major and minor).</summary>
        public readonly ulong Device => MakeDev(DevMajor, DevMinor);

        /// <summary>st_rdev of a device node.</summary>
        public readonly ulong RawDevice => MakeDev(RdevMajor, RdevMinor);

        private static ulong MakeDev(uint major, uint minor) =>
            (((ulong)major & 0xfffff000) << 32) | (((ulong)major & 0xfff) << 8) | (((ulong)minor & 0xffffff00) << 12) | ((ulong)minor & 0xff);
    }

    /// <summary>The leading f_type of struct statfs (a long on 64-bit Linux; the rest is not read).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 120)]
    public struct StatFsBuffer
    {
        [FieldOffset(0)] public long Type;
    }

    /// <summary>struct flock on 64-bit Linux: type, whence, start, length, pid.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct FLock
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }
}
