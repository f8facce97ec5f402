// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Management.Btrfs;

namespace Portabled.Core.Management;

/// <summary>
/// Removes a directory tree the way upstream's <c>rm_rf(path, REMOVE_ROOT|REMOVE_PHYSICAL|REMOVE_SUBVOLUME)</c>
/// does (docs/image-management.md): a btrfs subvolume goes as a whole (with its nested subvolumes and
/// quota groups); otherwise every entry is removed through a descriptor of its directory (openat/unlinkat,
/// never following a symlink: a link is removed, not its target), mount points are left alone, and the
/// walk goes on after a failure and reports the first one met, depth first (an entry that vanished
/// meanwhile, ENOENT, is none). A path that is itself a symlink or a file is unlinked. An immutable file
/// or directory inside is not cleared: it stays, with everything it holds, and its EPERM is reported.
/// </summary>
internal static class TreeRemover
{
    /// <summary>Directories deeper than this are not entered (ELOOP); upstream's walk has no bound.</summary>
    public const int MaxDepth = 4096;

    private const uint StatMask = NativeFiles.StatxType | NativeFiles.StatxMode | NativeFiles.StatxIno;

    /// <summary>Removes <paramref name="hostPath"/>; 0, or the first negative errno.</summary>
    public static int Remove(string hostPath)
    {
        if (hostPath == "/")
        {
            return -Errno.EPERM;
        }

        int r = BtrfsSubvolumes.Remove(hostPath);
        if (r >= 0 || r is not (-Errno.ENOTTY or -Errno.EINVAL or -Errno.ENOTDIR))
        {
            return r;
        }

        int fd = NativeFiles.Open(hostPath, NativeFiles.ORdOnly | NativeFiles.ONonBlock | NativeFiles.OCloExec | NativeFiles.ODirectory | NativeFiles.ONoFollow | NativeFiles.ONoAtime, 0);
        if (fd < 0)
        {
            // O_DIRECTORY|O_NOFOLLOW on a symlink is ENOTDIR: the link itself goes.
            int errno = NativeFiles.LastError;
            if (errno is not (Errno.ENOTDIR or Errno.ELOOP))
            {
                return -errno;
            }

            return NativeFiles.Unlink(hostPath) < 0 ? -NativeFiles.LastError : 0;
        }

        var walk = new Walk();
        try
        {
            walk.RemoveChildren(fd, 0);
        }
        finally
        {
            NativeFiles.Close(fd);
        }

        int q = NativeFiles.RemoveDirectory(hostPath) < 0 ? -NativeFiles.LastError : 0;
        return walk.First < 0 ? walk.First : q;
    }

    // One removal: the first failure met anywhere in the tree.
    private sealed class Walk
    {
        public int First { get; private set; }

        public void RemoveChildren(int fd, int depth)
        {
            int r = DirectoryEntries.ForEach(fd, (name, type) => RemoveChild(fd, name, type, depth));
            Note(r);
        }

        private void RemoveChild(int fd, byte[] name, byte type, int depth)
        {
            bool isDirectory = type == DirectoryEntries.TypeDirectory;
            NativeFiles.StatxBuffer st = default;
            if (type is DirectoryEntries.TypeUnknown or DirectoryEntries.TypeDirectory)
            {
                if (NativeFiles.Statx(fd, name, NativeFiles.AtSymlinkNoFollow, StatMask, out st) < 0)
                {
                    NoteErrno();
                    return;
                }

                isDirectory = st.IsDirectory;
            }

            if (!isDirectory)
            {
                if (NativeFiles.UnlinkAt(fd, name, 0) < 0)
                {
                    NoteErrno();
                }

                return;
            }

            if ((st.Attributes & NativeFiles.StatxAttrMountRoot) != 0)
            {
                return;
            }

            if (st.Ino == Btrfs.BtrfsIoctl.FirstFreeObjectId)
            {
                int s = BtrfsSubvolumes.RemoveAt(fd, name);
                if (s >= 0 || s is not (-Errno.ENOTTY or -Errno.EINVAL))
                {
                    Note(s);
                    return;
                }
            }

            if (depth + 1 >= MaxDepth)
            {
                Note(-Errno.ELOOP);
                return;
            }

            int sub = NativeFiles.OpenAt(fd, name, NativeFiles.ORdOnly | NativeFiles.ONonBlock | NativeFiles.ODirectory | NativeFiles.OCloExec | NativeFiles.ONoFollow | NativeFiles.ONoAtime, 0);
            if (sub < 0)
            {
                // Upstream records this one even when the directory vanished.
                Note(-NativeFiles.LastError, ignoreMissing: false);
                return;
            }

            try
            {
                RemoveChildren(sub, depth + 1);
            }
            finally
            {
                NativeFiles.Close(sub);
            }

            if (NativeFiles.UnlinkAt(fd, name, NativeFiles.AtRemoveDir) < 0)
            {
                NoteErrno();
            }
        }

        private void NoteErrno() => Note(-NativeFiles.LastError);

        private void Note(int r, bool ignoreMissing = true)
        {
            if (r < 0 && First == 0 && !(ignoreMissing && r == -Errno.ENOENT))
            {
                First = r;
            }
        }
    }
}
