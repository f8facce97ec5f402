// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Security.Cryptography;
using Portabled.Core.Attach;
using Portabled.Core.Errors;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Host;

/// <summary>
/// Host writes of an attach: directories, files and symlinks, each recorded as a
/// <see cref="PortableChange"/>. Files and links are created under a temporary name in the same
/// directory and renamed into place, so nothing half-written is ever visible. Entries inside the
/// configured directories are checked with lstat and never followed: a symlink where a directory is
/// expected is refused, a symlink being replaced is replaced itself. The configured directories
/// themselves and their parents are followed (<see cref="EnsureConfiguredDirectory"/>). Everything
/// created can be rolled back.
/// </summary>
internal sealed class HostChangeWriter
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode FileMode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly HostLayout _layout;
    private readonly List<(string HostPath, bool IsDirectory)> _created = [];

    public HostChangeWriter(HostLayout layout)
    {
        _layout = layout;
    }

    /// <summary>The changes made so far, in order.</summary>
    public List<PortableChange> Changes { get; } = [];

    /// <summary>
    /// Makes sure the directory exists (parents created silently, as mkdir -p); a <c>mkdir</c> change
    /// is recorded for the directory itself when it was created here. The directory itself must not
    /// be a symlink (ELOOP).
    /// </summary>
    public void EnsureDirectory(string logicalPath, bool recordChange = true) => EnsureDirectory(logicalPath, recordChange, isParent: false);

    /// <summary>
    /// Makes sure a configured directory — the attached directory, the image link directory — exists,
    /// as upstream's <c>mkdir -p</c> does: one that exists is used as it is, also through a symlink
    /// (an admin may point <c>/etc/systemd/system.attached</c> elsewhere); otherwise it is created
    /// (parents silently) and a <c>mkdir</c> change recorded. A dangling link fails with ENOENT and a
    /// non-directory with ENOTDIR, where upstream's first write into it fails.
    /// </summary>
    public void EnsureConfiguredDirectory(string logicalPath, bool recordChange = true)
    {
        string host = _layout.ToHost(logicalPath);
        if (Directory.Exists(host))
        {
            return;
        }

        if (HostFileStatus.TryGet(host, out HostFileStatus st, out _))
        {
            throw new ErrnoException(st.Type == FileType.SymbolicLink && HostLayout.IsDangling(host) ? Errno.ENOENT : Errno.ENOTDIR);
        }

        EnsureDirectory(logicalPath, recordChange, isParent: false);
    }

    /// <summary>Writes a file atomically with mode 0644; refuses to replace an existing entry unless <paramref name="replace"/>.</summary>
    public void WriteFile(string logicalPath, ReadOnlySpan<byte> data, bool replace, PortableChangeType type, string source)
    {
        string host = _layout.ToHost(logicalPath);
        bool existed = CheckTarget(host, replace);
        string temp = TempName(host);
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode0644 }))
            {
                stream.Write(data);
                stream.Flush(flushToDisk: true);
            }

            File.SetUnixFileMode(temp, FileMode0644);
            HostFileSystem.Rename(temp, host, replace);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        Record(host, existed, type, logicalPath, source);
    }

    /// <summary>Creates a symlink atomically; refuses to replace an existing entry unless <paramref name="replace"/>.</summary>
    public void Symlink(string logicalPath, string target, bool replace)
    {
        string host = _layout.ToHost(logicalPath);
        bool existed = CheckTarget(host, replace);
        string temp = TempName(host);
        File.CreateSymbolicLink(temp, target);
        try
        {
            HostFileSystem.Rename(temp, host, replace);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        Record(host, existed, PortableChangeType.Symlink, logicalPath, target);
    }

    /// <summary>Records a change made by someone else (the image copy of <c>mixed</c>).</summary>
    public void Created(string logicalPath, bool isDirectory, PortableChangeType type, string source)
    {
        _created.Add((_layout.ToHost(logicalPath), isDirectory));
        Changes.Add(new PortableChange(type, logicalPath, source));
    }

    /// <summary>Removes everything created here, newest first. Replaced files keep their new contents.</summary>
    public void Rollback(Action<string> log)
    {
        for (int i = _created.Count - 1; i >= 0; i--)
        {
            (string host, bool isDirectory) = _created[i];
            log(host);
            try
            {
                if (!isDirectory)
                {
                    File.Delete(host);
                }
                else if (HostFileStatus.TryGet(host, out HostFileStatus st, out _) && st.Type == FileType.Directory)
                {
                    Directory.Delete(host, recursive: false);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        _created.Clear();
    }

    private void EnsureDirectory(string logicalPath, bool recordChange, bool isParent)
    {
        string host = _layout.ToHost(logicalPath);
        if (HostFileStatus.TryGet(host, out HostFileStatus st, out _))
        {
            // Parents above the attached directory are system directories; a symlink there is the admin's choice.
            if (!isParent || !Directory.Exists(host))
            {
                RequireDirectory(host, st);
            }

            return;
        }

        string? parent = Path.GetDirectoryName(logicalPath);
        if (parent is not null && parent != logicalPath)
        {
            EnsureDirectory(parent, recordChange: false, isParent: true);
        }

        Directory.CreateDirectory(host, DirectoryMode);
        _created.Add((host, true));
        if (recordChange)
        {
            Changes.Add(new PortableChange(PortableChangeType.Mkdir, logicalPath, string.Empty));
        }
    }

    private static void RequireDirectory(string host, HostFileStatus st)
    {
        if (st.Type == FileType.SymbolicLink)
        {
            throw new ErrnoException(Errno.ELOOP, $"'{host}' is a symbolic link, refusing to follow it.");
        }

        if (st.Type != FileType.Directory)
        {
            throw new ErrnoException(Errno.ENOTDIR);
        }
    }

    private static bool CheckTarget(string host, bool replace)
    {
        if (!HostFileStatus.TryGet(host, out HostFileStatus st, out _))
        {
            return false;
        }

        if (!replace)
        {
            throw new ErrnoException(Errno.EEXIST);
        }

        if (st.Type == FileType.Directory)
        {
            throw new ErrnoException(Errno.EISDIR);
        }

        return true;
    }

    private void Record(string host, bool existed, PortableChangeType type, string logicalPath, string source)
    {
        if (!existed)
        {
            _created.Add((host, false));
        }

        Changes.Add(new PortableChange(type, logicalPath, source));
    }

    private static string TempName(string host) =>
        Path.Join(Path.GetDirectoryName(host), ".#" + Path.GetFileName(host) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
}
