// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems;

/// <summary>
/// Every file system format this library reads, in probing order. Each probe looks for its own
/// magic at its own offset, so the order only matters for images carrying several magics; it
/// follows blkid's (squashfs and erofs before the ext family).
/// </summary>
public static class FileSystemFormats
{
    /// <summary>The formats, in probing order.</summary>
    public static IReadOnlyList<IFileSystemFormat> All { get; } =
    [
        new SquashFs.SquashFsFormat(),
    ];

    /// <summary>The first format whose probe matches, or null.</summary>
    public static IFileSystemFormat? Probe(ImageRegion region)
    {
        foreach (IFileSystemFormat format in All)
        {
            if (format.Probe(region))
            {
                return format;
            }
        }

        return null;
    }
}
