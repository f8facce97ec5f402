// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Runtime.InteropServices;
using Portabled.Core.Errors;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.HostDirectory;

namespace Portabled.Core.Host;

/// <summary>
/// The lock on an image path that machinectl, systemd-nspawn and portabled share, taken the way
/// upstream's image_path_lock() takes it: shared while an image's metadata is read, exclusive (and not
/// waiting) while it is removed or marked read-only. Two lock files: a "local" one <c>.#NAME.lck</c>
/// beside the image (not for <c>/dev/</c> paths; for a shared lock a read-only directory is tolerated)
/// and a "global" one, <c>/run/systemd/nspawn/locks/inode-DEV:INO</c> (or <c>block-MAJOR:MINOR</c>),
/// each an open file description lock (F_OFD_SETLK, what systemd's make_lock_file() uses; flock() where
/// the kernel has none) on a file created 0600. A lock held against us is EBUSY; failing to create a
/// file fails with its errno, as upstream's (observed: ENOENT beside <c>/proc/self</c>, ENAMETOOLONG
/// beside a 250-byte name). Disposing releases both and removes each file nobody else holds. The host
/// itself (<c>/</c>) takes no shared lock and refuses an exclusive one (EBUSY).
/// <c>SYSTEMD_NSPAWN_LOCK=0</c> turns locking off, as upstream.
/// </summary>
public sealed partial class ImageLock : IDisposable
{
    private const int FOfdSetLk = 37;
    private const short FRdLck = 0;
    private const short FWrLck = 1;
    private const int LockSh = 1;
    private const int LockEx = 2;
    private const int LockNb = 4;
    private const int ORdWr = 2;
    private const int OCreat = 0x40;
    private const int ONoCtty = 0x100;
    private const int ONoFollow = 0x20000;
    private const int OCloExec = 0x80000;
    private const int EWouldBlock = 11;
    private const int MaxAttempts = 16;

    private readonly List<(string Path, int Fd)> _files = [];
    private readonly bool _exclusive;

    private ImageLock(bool exclusive)
    {
        _exclusive = exclusive;
    }

    /// <summary>Takes the shared lock on <paramref name="logicalPath"/> (an absolute path of <paramref name="layout"/>).</summary>
    public static ImageLock AcquireShared(HostLayout layout, string logicalPath) => Acquire(layout, logicalPath, exclusive: false);

    /// <summary>Takes the exclusive lock on <paramref name="logicalPath"/>, without waiting (EBUSY while anyone else holds one).</summary>
    public static ImageLock AcquireExclusive(HostLayout layout, string logicalPath) => Acquire(layout, logicalPath, exclusive: true);

    /// <summary>Releases the locks; a lock file is removed when no one else holds it.</summary>
    public void Dispose()
    {
        foreach ((string path, int fd) in _files)
        {
            // release_lock_file(): a shared holder upgrades without waiting; only then is it ours to remove.
            if (_exclusive || Lock(fd, exclusive: true) == 0)
            {
                Unlink(path);
            }

            Close(fd);
        }

        _files.Clear();
    }

    private static ImageLock Acquire(HostLayout layout, string logicalPath, bool exclusive)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var lck = new ImageLock(exclusive);
        if (Environment.GetEnvironmentVariable("SYSTEMD_NSPAWN_LOCK") is "0" or "no" or "false" or "off")
        {
            return lck;
        }

        if (logicalPath == "/")
        {
            return exclusive ? throw new ErrnoException(Errno.EBUSY) : lck;
        }

        try
        {
            string? global = GlobalLockName(layout, logicalPath);
            if (!logicalPath.StartsWith("/dev/", StringComparison.Ordinal))
            {
                string directory = Path.GetDirectoryName(logicalPath.TrimEnd('/')) ?? "/";
                string local = $"{directory.TrimEnd('/')}/.#{Path.GetFileName(logicalPath.TrimEnd('/'))}.lck";
                int errno = lck.Take(layout.ToHost(local));
                if (errno != 0 && (exclusive || errno != Errno.EROFS))
                {
                    throw new ErrnoException(errno);
                }
            }

            if (global is not null)
            {
                MakeLockDirectory(layout);
                int errno = lck.Take(layout.ToHost($"{layout.Scope.LockDirectory}/{global}"));
                if (errno != 0)
                {
                    throw new ErrnoException(errno);
                }
            }

            return lck;
        }
        catch
        {
            lck.Dispose();
            throw;
        }
    }

    // The global lock's name from the image's inode (symlinks followed), or null when the image is
    // not there (then only the local lock is taken, as upstream). st_dev is printed the way glibc
    // encodes it (gnu_dev_makedev()), so the name is the one systemd-nspawn uses.
    private static string? GlobalLockName(HostLayout layout, string logicalPath)
    {
        if (!layout.TryResolve(logicalPath, true, out _, out HostDirectoryNode? node) ||
            !HostFileStatus.TryGet(node.HostPath, out HostFileStatus st, out _))
        {
            return null;
        }

        ulong major = st.Device >> 32;
        ulong minor = st.Device & 0xffffffff;
        ulong dev = ((major & 0xfffff000) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffffff00) << 12) | (minor & 0xff);
        return st.Type switch
        {
            FileType.BlockDevice => string.Create(CultureInfo.InvariantCulture, $"block-{st.DeviceMajor}:{st.DeviceMinor}"),
            FileType.Directory or FileType.RegularFile => string.Create(CultureInfo.InvariantCulture, $"inode-{dev}:{st.InodeNumber}"),
            _ => throw new ErrnoException(Errno.ENOTTY),
        };
    }

    // What both releases leave behind (observed): /run/systemd/nspawn 0755, locks/ 0700 (and /run
    // itself, which under --root= may not exist yet). User scope: the same below XDG_RUNTIME_DIR.
    private static void MakeLockDirectory(HostLayout layout)
    {
        string locks = layout.Scope.LockDirectory;
        for (int slash = locks.IndexOf('/', 1); slash > 0; slash = locks.IndexOf('/', slash + 1))
        {
            MakeDirectory(layout.ToHost(locks[..slash]), 0x1ed);
        }

        MakeDirectory(layout.ToHost(locks), 0x1c0);
    }

    // make_lock_file(): open or create, then lock without waiting. A file that its previous exclusive
    // owner unlinked while we waited is worthless: try again. Returns 0 or the errno.
    private int Take(string hostPath)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            int fd = Open(hostPath, ORdWr | OCreat | ONoFollow | OCloExec | ONoCtty, 0x180);
            if (fd < 0)
            {
                return Marshal.GetLastPInvokeError();
            }

            int errno = Lock(fd, _exclusive);
            if (errno != 0)
            {
                Close(fd);
                return errno == EWouldBlock ? Errno.EBUSY : errno;
            }

            if (HostLinkCount(fd) > 0)
            {
                _files.Add((hostPath, fd));
                return 0;
            }

            Close(fd);
        }

        return Errno.EBUSY;
    }

    // F_OFD_SETLK, or flock() on kernels without open file description locks (EINVAL); 0 or the errno.
    private static int Lock(int fd, bool exclusive)
    {
        var request = new FLock { Type = exclusive ? FWrLck : FRdLck };
        if (FcntlLock(fd, FOfdSetLk, ref request) == 0)
        {
            return 0;
        }

        int errno = Marshal.GetLastPInvokeError();
        if (errno != Errno.EINVAL)
        {
            return errno;
        }

        return Flock(fd, (exclusive ? LockEx : LockSh) | LockNb) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    private static uint HostLinkCount(int fd)
    {
        const int AtEmptyPath = 0x1000;
        const uint StatxNlink = 0x4;
        return Statx(fd, string.Empty, AtEmptyPath, StatxNlink, out StatxBuffer st) == 0 ? st.Nlink : 0;
    }

    [LibraryImport("libc.so.6", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc.so.6", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeDirectory(string path, uint mode);

    [LibraryImport("libc.so.6", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int FcntlLock(int fd, int command, ref FLock value);

    [LibraryImport("libc.so.6", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc.so.6", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc.so.6", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Unlink(string path);

    [LibraryImport("libc.so.6", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    // struct flock on 64-bit Linux: type, whence, start, length, pid (a whole-file lock when zero).
    [StructLayout(LayoutKind.Sequential)]
    private struct FLock
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }

    // struct statx: only stx_nlink (at 16) is read.
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(16)]
        public uint Nlink;
    }
}
