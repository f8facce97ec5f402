// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.HostDirectory;

namespace Portabled.Dissect.Tests.Fixtures;

/// <summary>
/// A stand-in file system format for dissection tests on a branch without the real readers: it
/// recognises a magic at offset 0. The <see cref="HostDirectory"/> variant's content is the magic
/// followed by a host directory path, which <see cref="Open"/> serves as the file system.
/// </summary>
internal sealed class MagicFileSystemFormat(string name, byte[] magic, bool opensHostDirectory = false) : IFileSystemFormat
{
    /// <summary>Recognises squashfs by its magic ("hsqs"); cannot open it.</summary>
    public static MagicFileSystemFormat SquashFs { get; } = new("squashfs", "hsqs"u8.ToArray());

    /// <summary>Recognises "HOSTDIR\0" + path and opens the path as a directory file system.</summary>
    public static MagicFileSystemFormat HostDirectory { get; } = new("hostdir", "HOSTDIR\0"u8.ToArray(), opensHostDirectory: true);

    /// <summary>The formats the tests dissect with.</summary>
    public static IReadOnlyList<IFileSystemFormat> All { get; } = [SquashFs, HostDirectory];

    /// <inheritdoc />
    public string Name => name;

    /// <summary>The content of a partition holding <paramref name="directory"/> for <see cref="HostDirectory"/>.</summary>
    public static byte[] HostDirectoryPayload(string directory) => [.. "HOSTDIR\0"u8, .. Encoding.UTF8.GetBytes(directory), 0];

    /// <inheritdoc />
    public bool Probe(ImageRegion region)
    {
        Span<byte> buffer = stackalloc byte[magic.Length];
        return region.Read(0, buffer) == buffer.Length && buffer.SequenceEqual(magic);
    }

    /// <inheritdoc />
    public IReadOnlyFileSystem Open(ImageRegion region)
    {
        if (!opensHostDirectory)
        {
            throw new UnsupportedImageException(region.ImagePath, $"test format {name} cannot be opened");
        }

        byte[] buffer = new byte[4096];
        int n = region.Read(magic.Length, buffer);
        int end = Array.IndexOf(buffer, (byte)0, 0, n);
        return new HostDirectoryFileSystem(Encoding.UTF8.GetString(buffer, 0, end < 0 ? n : end));
    }
}
