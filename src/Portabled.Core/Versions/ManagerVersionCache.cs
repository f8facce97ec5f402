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
        // Read and checked as bytes with plain system calls: this runs at every start, and .NET's
        // file and text stack would stay in the idle daemon's memory (docs/benchmarks.md).
        Span<byte> buffer = stackalloc byte[MaxFileBytes + 1];
        int length = ReadOwnFile(buffer);
        if (length <= 0 || !IsField(key))
        {
            return null;
        }

        Span<byte> text = buffer[..length];
        int keyEnd = text.IndexOf((byte)'\n');
        if (keyEnd != key.Length || text[^1] != '\n')
        {
            return null;
        }

        Span<byte> version = text[(keyEnd + 1)..^1];
        for (int i = 0; i < keyEnd; i++)
        {
            if (text[i] != key[i])
            {
                return null;
            }
        }

        return version.Length is > 0 and <= MaxFieldLength && !version.ContainsAnyExceptInRange((byte)' ', (byte)'~')
            ? Encoding.UTF8.GetString(version)
            : null;
    }

    /// <summary>
    /// Remembers <paramref name="version"/> under <paramref name="key"/>, replacing the file
    /// atomically; false when it could not (no <c>/run/systemd</c>, read-only, a field unfit for a line).
    /// </summary>
    public unsafe bool Remember(string key, string version)
    {
        if (!IsField(key) || !IsField(version))
        {
            return false;
        }

        // Fields are printable ASCII, so UTF-8 is ASCII here.
        byte[] content = Encoding.UTF8.GetBytes(key + "\n" + version + "\n");
        string directory = Path.GetDirectoryName(_hostPath)!;
        string temporary = Path.Join(directory, TemporaryNames.For(FileName));
        // O_EXCL: a planted symlink at the temporary name is not followed.
        int fd = NativeFiles.Open(temporary, NativeFiles.OWrOnly | NativeFiles.OCreat | NativeFiles.OExcl | NativeFiles.ONoFollow | NativeFiles.OCloExec, 0b_110_100_100);
        if (fd < 0)
        {
            return false;
        }

        bool written;
        fixed (byte* bytes = content)
        {
            written = NativeFiles.Write(fd, bytes, (nuint)content.Length) == content.Length;
        }

        if (NativeFiles.Close(fd) == 0 && written)
        {
            try
            {
                // rename(2) replaces whatever the final name is, a symlink included, without following it.
                HostFileSystem.Rename(temporary, _hostPath, replace: true);
                return true;
            }
            catch (ErrnoException)
            {
                // Unlinked below, like a short write.
            }
        }

        _ = NativeFiles.Unlink(temporary);
        return false;
    }

    // Reads the file into buffer when it is a small regular file of ours that only we may write:
    // its length, or -1.
    private unsafe int ReadOwnFile(Span<byte> buffer)
    {
        int fd = NativeFiles.Open(_hostPath, NativeFiles.ORdOnly | NativeFiles.OCloExec | NativeFiles.ONoFollow | NativeFiles.ONonBlock | NativeFiles.ONoCtty, 0);
        if (fd < 0)
        {
            return -1;
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        HostFileStatus status = HostFileStatus.Get(handle);
        if (status.Type != FileType.RegularFile || status.Uid != NativeFiles.GetEffectiveUserId() ||
            (status.Permissions & 0b_000_010_010) != 0 || status.Size > MaxFileBytes)
        {
            return -1;
        }

        // One read: the file is written whole by rename, and a file grown past the bound since the
        // fstat fills the buffer's spare byte and is refused.
        nint length;
        fixed (byte* bytes = buffer)
        {
            length = NativeFiles.Read(fd, bytes, (nuint)buffer.Length);
        }

        return length is >= 0 and <= MaxFileBytes ? (int)length : -1;
    }

    private static bool IsField(string value) =>
        value.Length is > 0 and <= MaxFieldLength && !value.AsSpan().ContainsAnyExceptInRange(' ', '~');
}
