// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Portabled.Dissect.FileSystems.HostDirectory;

/// <summary>
/// statx(2) of a host path without following a final symlink (or of an open handle). .NET's own
/// file APIs do not expose owner, inode or birth time, which portabled needs (image
/// CreationTimestamp is the directory's btime, as upstream reports it).
/// </summary>
public readonly partial record struct HostFileStatus(
    FileType Type,
    uint Permissions,
    uint Uid,
    uint Gid,
    long Size,
    long Blocks,
    ulong InodeNumber,
    ulong Device,
    uint LinkCount,
    uint DeviceMajor,
    uint DeviceMinor,
    long ModificationTimeSeconds,
    uint ModificationTimeNanoseconds,
    long? BirthTimeMicroseconds)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStatsAndBirthTime = 0x7ff | 0x800 | 0x1000;
    private const uint StatxBirthTimeMask = 0x800;
    private const uint StatxMountIdMask = 0x1000;
    private const ulong StatxAttributeImmutable = 0x10;

    /// <summary>Whether the immutable attribute (chattr +i) is set; null when the file system does not report it to statx.</summary>
    public bool? Immutable { get; init; }

    /// <summary>The mount the path is on (statx's mount ID, Linux 5.8+); null when not reported.</summary>
    public ulong? MountId { get; init; }

    /// <summary>lstat-like: a final symlink is reported as the link itself. False when the path does not exist.</summary>
    public static bool TryGet(string path, out HostFileStatus status, out int errno)
    {
        int rc = Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStatsAndBirthTime, out StatxBuffer buffer);
        return Complete(rc, buffer, out status, out errno);
    }

    /// <summary>fstat-like status of an open handle.</summary>
    public static HostFileStatus Get(SafeFileHandle handle)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int rc = Statx((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, StatxBasicStatsAndBirthTime, out StatxBuffer buffer);
            if (!Complete(rc, buffer, out HostFileStatus status, out int errno))
            {
                throw new IOException($"statx() failed: errno {errno}");
            }

            return status;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static bool Complete(int rc, in StatxBuffer b, out HostFileStatus status, out int errno)
    {
        if (rc != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            status = default;
            return false;
        }

        errno = 0;
        status = new HostFileStatus(
            TypeOf(b.Mode), (uint)(b.Mode & 0xfff), b.Uid, b.Gid, (long)b.Size, (long)b.Blocks, b.Ino,
            ((ulong)b.DevMajor << 32) | b.DevMinor, b.Nlink, b.RdevMajor, b.RdevMinor,
            b.MtimeSec, b.MtimeNsec,
            (b.Mask & StatxBirthTimeMask) != 0 ? (b.BtimeSec * 1_000_000) + (b.BtimeNsec / 1000) : null)
        {
            Immutable = (b.AttributesMask & StatxAttributeImmutable) != 0 ? (b.Attributes & StatxAttributeImmutable) != 0 : null,
            MountId = (b.Mask & StatxMountIdMask) != 0 ? b.MountId : null,
        };
        return true;
    }

    private static FileType TypeOf(ushort mode) => (mode & 0xf000) switch
    {
        0x4000 => FileType.Directory,
        0xa000 => FileType.SymbolicLink,
        0x6000 => FileType.BlockDevice,
        0x2000 => FileType.CharacterDevice,
        0x1000 => FileType.Fifo,
        0xc000 => FileType.Socket,
        _ => FileType.RegularFile,
    };

    [LibraryImport("libc.so.6", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, out StatxBuffer buffer);

    // struct statx (linux/stat.h): 256 bytes; only the fields read here are named.
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(8)] public ulong Attributes;
        [FieldOffset(16)] public uint Nlink;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public uint Gid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Ino;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(48)] public ulong Blocks;
        [FieldOffset(56)] public ulong AttributesMask;
        [FieldOffset(80)] public long BtimeSec;
        [FieldOffset(88)] public uint BtimeNsec;
        [FieldOffset(112)] public long MtimeSec;
        [FieldOffset(120)] public uint MtimeNsec;
        [FieldOffset(128)] public uint RdevMajor;
        [FieldOffset(132)] public uint RdevMinor;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;
        [FieldOffset(144)] public ulong MountId;
    }
}
