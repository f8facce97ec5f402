// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Microsoft.Win32.SafeHandles;
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Management;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.HostDirectory;

namespace Portabled.Core.Versions;

/// <summary>
/// The service manager's version as an earlier run of the daemon learnt it, so that a bus-activated
/// start need not wait for systemd to answer (docs/upstream-versions.md, "Remembered versions").
/// One small file in <c>/run/systemd</c>: a key line naming the bus and the manager's connection
/// (both change when either restarts, and a new systemd version only ever arrives that way), then
/// the version line. It is a hint: whatever is wrong with it (missing, foreign, odd) means asking.
/// </summary>
public sealed class ManagerVersionCache
{
    /// <summary>Where the remembered version lives, as seen from the root.</summary>
    public const string LogicalPath = "/run/systemd/" + FileName;

    /// <summary>The file's name (the recovery sweep clears its leftover temporaries).</summary>
    public const string FileName = ".portabled-version";

    // Two printable lines; anything longer is not ours.
    private const int MaxFieldLength = 255;
    private const int MaxFileBytes = 2 * (MaxFieldLength + 1);

    private readonly string _hostPath;

    /// <summary>The cache of the host <paramref name="layout"/> describes.</summary>
    public ManagerVersionCache(HostLayout layout)
    {
        _hostPath = layout.ToHost(LogicalPath);
    }

    /// <summary>The version remembered under <paramref name="key"/>, or null.</summary>
    public string? Find(string key)
    {
        string? text = ReadOwnFile();
        if (text is null)
        {
            return null;
        }

        string[] lines = text.Split('\n');
        return lines.Length == 3 && lines[2].Length == 0 && IsField(key) && lines[0] == key && IsField(lines[1]) ? lines[1] : null;
    }

    /// <summary>
    /// Remembers <paramref name="version"/> under <paramref name="key"/>, replacing the file
    /// atomically; false when it could not (no <c>/run/systemd</c>, read-only, a field unfit for a line).
    /// </summary>
    public bool Remember(string key, string version)
    {
        if (!IsField(key) || !IsField(version))
        {
            return false;
        }

        string directory = Path.GetDirectoryName(_hostPath)!;
        string temporary = Path.Join(directory, TemporaryNames.For(FileName));
        try
        {
            // CreateNew is O_EXCL: a planted symlink at the temporary name is not followed.
            using (var file = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            }))
            {
                file.Write(Encoding.ASCII.GetBytes(key + "\n" + version + "\n"));
            }

            // rename(2) replaces whatever the final name is, a symlink included, without following it.
            HostFileSystem.Rename(temporary, _hostPath, replace: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ErrnoException)
        {
            _ = NativeFiles.Unlink(temporary);
            return false;
        }
    }

    // The file's text when it is a small regular file of ours that only we may write.
    private string? ReadOwnFile()
    {
        int fd = NativeFiles.Open(_hostPath, NativeFiles.ORdOnly | NativeFiles.OCloExec | NativeFiles.ONoFollow | NativeFiles.ONonBlock | NativeFiles.ONoCtty, 0);
        if (fd < 0)
        {
            return null;
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        HostFileStatus status = HostFileStatus.Get(handle);
        if (status.Type != FileType.RegularFile || status.Uid != NativeFiles.GetEffectiveUserId() ||
            (status.Permissions & 0b_000_010_010) != 0 || status.Size > MaxFileBytes)
        {
            return null;
        }

        byte[] buffer = new byte[MaxFileBytes + 1];
        int length = RandomAccess.Read(handle, buffer, 0);
        // Latin-1 keeps every byte a character of its own, so IsField sees (and refuses) any non-ASCII one.
        return length <= MaxFileBytes ? Encoding.Latin1.GetString(buffer, 0, length) : null;
    }

    private static bool IsField(string value) =>
        value.Length is > 0 and <= MaxFieldLength && !value.AsSpan().ContainsAnyExceptInRange(' ', '~');
}
