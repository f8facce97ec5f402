// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Runtime.InteropServices;
using Portabled.Core.Errors;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.HostDirectory;

namespace Portabled.Core.Host;

/// <summary>
/// A shared lock on an image path, taken the way upstream's image_path_lock() takes it while it
/// reads an image's metadata, so machinectl, systemd-nspawn and portabled see each other's locks: a
/// "local" lock file <c>.#NAME.lck</c> beside the image (not for <c>/dev/</c> paths; a read-only
/// directory is tolerated) and a "global" one, <c>/run/systemd/nspawn/locks/inode-DEV:INO</c> (or
/// <c>block-MAJOR:MINOR</c>). Failing to create them fails the read with their errno, as upstream's
/// (observed: ENOENT beside <c>/proc/self</c>, ENAMETOOLONG beside a 250-byte name). Disposing
/// releases both and removes each file nobody else holds. The host itself (<c>/</c>) takes no lock.
/// <c>SYSTEMD_NSPAWN_LOCK=0</c> turns locking off, as upstream.
/// </summary>
public sealed partial class ImageLock : IDisposable
{
    private const string GlobalLockDirectory = "/run/systemd/nspawn/locks";
    private const int LockSh = 1;
    private const int LockEx = 2;
    private const int LockNb = 4;
    private const int ORdWr = 2;
    private const int OCreat = 0x40;
    private const int ONoCtty = 0x100;
    private const int ONoFollow = 0x20000;
    private const int OCloExec = 0x80000;
    private const int EWouldBlock = 11;

    private readonly List<(string Path, int Fd)> _files = [];

    private ImageLock()
    {
    }

    /// <summary>Takes the shared lock on <paramref name="logicalPath"/> (an absolute path of <paramref name="layout"/>).</summary>
    public static ImageLock AcquireShared(HostLayout layout, string logicalPath)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var lck = new ImageLock();
        if (logicalPath == "/" || Environment.GetEnvironmentVariable("SYSTEMD_NSPAWN_LOCK") is "0" or "no" or "false" or "off")
        {
            return lck;
        }

        try
        {
            string? global = GlobalLockName(layout, logicalPath);
            if (!logicalPath.StartsWith("/dev/", StringComparison.Ordinal))
            {
                string directory = Path.GetDirectoryName(logicalPath.TrimEnd('/')) ?? "/";
                string local = $"{directory.TrimEnd('/')}/.#{Path.GetFileName(logicalPath.TrimEnd('/'))}.lck";
                int errno = lck.Take(layout.ToHost(local));
                if (errno != 0 && errno != Errno.EROFS)
                {
                    throw new ErrnoException(errno);
                }
            }

            if (global is not null)
            {
                Directory.CreateDirectory(layout.ToHost(GlobalLockDirectory), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                int errno = lck.Take(layout.ToHost($"{GlobalLockDirectory}/{global}"));
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

    /// <summary>Releases the locks; a lock file is removed when no one else holds it.</summary>
    public void Dispose()
    {
        foreach ((string path, int fd) in _files)
        {
            // release_lock_file(): upgrade to exclusive without waiting; only then is it ours to remove.
            if (Flock(fd, LockEx | LockNb) == 0)
            {
                Unlink(path);
            }

            Close(fd);
        }

        _files.Clear();
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

    // make_lock_file(): open or create, then a shared lock without waiting (EBUSY when someone holds
    // it exclusively). Returns 0 or the errno.
    private int Take(string hostPath)
    {
        int fd = Open(hostPath, ORdWr | OCreat | ONoFollow | OCloExec | ONoCtty, 0x180);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        if (Flock(fd, LockSh | LockNb) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            Close(fd);
            return errno == EWouldBlock ? Errno.EBUSY : errno;
        }

        _files.Add((hostPath, fd));
        return 0;
    }

    [LibraryImport("libc.so.6", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc.so.6", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc.so.6", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Unlink(string path);

    [LibraryImport("libc.so.6", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
