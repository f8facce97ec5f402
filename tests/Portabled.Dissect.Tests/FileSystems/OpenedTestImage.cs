// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems;

namespace Portabled.Dissect.Tests.FileSystems;

/// <summary>An image file opened with the reader its probe picks (or a directory file system), disposed together.</summary>
internal sealed class OpenedTestImage : IDisposable
{
    private readonly ImageFile? _file;

    public OpenedTestImage(IReadOnlyFileSystem fileSystem, ImageFile? file = null)
    {
        FileSystem = fileSystem;
        _file = file;
    }

    public IReadOnlyFileSystem FileSystem { get; }

    /// <summary>Opens <paramref name="image"/> with <paramref name="formatName"/>'s reader, or the first format whose probe matches.</summary>
    public static OpenedTestImage Open(string image, string? formatName = null)
    {
        ImageFile file = ImageFile.Open(image);
        try
        {
            IFileSystemFormat format = formatName is null
                ? FileSystemFormats.Probe(file.Whole) ?? throw new InvalidOperationException($"no reader recognises {image}")
                : FileSystemFormats.All.Single(f => f.Name == formatName);
            return new OpenedTestImage(format.Open(file.Whole), file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        FileSystem.Dispose();
        _file?.Dispose();
    }
}
