// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems;

/// <summary>One on-disk file system format: a cheap probe by magic, and an opener.</summary>
public interface IFileSystemFormat
{
    /// <summary>Format name as blkid reports it (<c>squashfs</c>, <c>ext4</c>, <c>erofs</c>).</summary>
    string Name { get; }

    /// <summary>True when the region starts with this format's superblock magic. Reads only a few bytes and never throws on garbage.</summary>
    bool Probe(ImageRegion region);

    /// <summary>Opens the file system; throws <see cref="InvalidImageException"/> or <see cref="UnsupportedImageException"/>.</summary>
    IReadOnlyFileSystem Open(ImageRegion region);
}
