// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using Portabled.Core.Errors;
using Portabled.Core.Host;

namespace Portabled.Core.Management;

/// <summary>
/// The image locks systemd-nspawn, machined and portabled share (upstream's image_path_lock(), exclusive,
/// not waiting), so an image in use by a container is not removed or changed under it: a "local" lock file
/// <c>.#NAME.lck</c> beside the image (not for devices under /dev), and a "global" one in
/// <c>/run/systemd/nspawn/locks/</c> named after the image's inode (<c>inode-DEV:INO</c>) or device
/// (<c>block-MAJOR:MINOR</c>). Each is an open file description lock (F_OFD_SETLK) on a file created
/// 0600; a lock held elsewhere is EBUSY. Disposing unlinks both files again.
/// </summary>
internal sealed class ImageLock : IDisposable
{
    private const int FOfdSetLk = 37;
    private const short FWrLck = 1;

    private readonly List<(int Fd, string Path)> _files = [];

    private ImageLock()
    {
    }

    /// <summary>Takes both locks of the image at logical <paramref name="path"/> (EBUSY for <c>/</c>).</summary>
    public static ImageLock Exclusive(HostLayout layout, string path)
    {
        if (path == "/")
        {
            throw new ErrnoException(Errno.EBUSY);
        }

        string host = layout.ToHost(path);
        string? global = null;
        if (NativeFiles.Statx(NativeFiles.AtFdCwd, host, 0, NativeFiles.StatxType | NativeFiles.StatxMode | NativeFiles.StatxIno, out NativeFiles.StatxBuffer st) == 0)
        {
            global = st switch
            {
                { IsBlockDevice: true } => string.Create(CultureInfo.InvariantCulture, $"block-{st.RdevMajor}:{st.RdevMinor}"),
                { IsDirectory: true } or { IsRegular: true } => string.Create(CultureInfo.InvariantCulture, $"inode-{st.Device}:{st.Ino}"),
                _ => throw new ErrnoException(Errno.ENOTTY),
            };
        }

        var taken = new ImageLock();
        try
        {
            // Block devices are host-local: the device lock suffices.
            if (!path.StartsWith("/dev/", StringComparison.Ordinal))
            {
                taken.Take(Path.Join(Path.GetDirectoryName(host), ".#" + Path.GetFileName(host) + ".lck"));
            }

            if (global is not null)
            {
                MakeLockDirectory(layout);
                taken.Take(layout.ToHost("/run/systemd/nspawn/locks/" + global));
            }

            return taken;
        }
        catch
        {
            taken.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        for (int i = _files.Count - 1; i >= 0; i--)
        {
            NativeFiles.Unlink(_files[i].Path);
            NativeFiles.Close(_files[i].Fd);
        }

        _files.Clear();
    }

    // What both releases leave behind (observed): /run/systemd/nspawn 0755, locks/ 0700.
    private static void MakeLockDirectory(HostLayout layout)
    {
        // /run itself too: under --root= it may not exist yet.
        NativeFiles.MakeDirectory(layout.ToHost("/run"), 0x1ed);
        NativeFiles.MakeDirectory(layout.ToHost("/run/systemd"), 0x1ed);
        NativeFiles.MakeDirectory(layout.ToHost("/run/systemd/nspawn"), 0x1ed);
        NativeFiles.MakeDirectory(layout.ToHost("/run/systemd/nspawn/locks"), 0x1c0);
    }

    // make_lock_file(): a lock on a file that a previous owner unlinked meanwhile is worthless: retry.
    private void Take(string path)
    {
        for (int attempt = 0; attempt < 16; attempt++)
        {
            int fd = NativeFiles.Open(path, NativeFiles.OCreat | NativeFiles.ORdWr | NativeFiles.ONoFollow | NativeFiles.OCloExec | NativeFiles.ONoCtty, 0x180);
            if (fd < 0)
            {
                throw new ErrnoException(NativeFiles.LastError);
            }

            var request = new NativeFiles.FLock { Type = FWrLck };
            if (NativeFiles.FcntlLock(fd, FOfdSetLk, ref request) < 0)
            {
                int errno = NativeFiles.LastError;
                NativeFiles.Close(fd);
                throw new ErrnoException(errno == 11 ? Errno.EBUSY : errno);
            }

            if (NativeFiles.Statx(fd, string.Empty, NativeFiles.AtEmptyPath, 0x4, out NativeFiles.StatxBuffer st) == 0 && st.Nlink > 0)
            {
                _files.Add((fd, path));
                return;
            }

            NativeFiles.Close(fd);
        }

        throw new ErrnoException(Errno.EBUSY);
    }
}
