// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Tests.FileSystems;

/// <summary>
/// A test walker met a directory that is its own ancestor. The readers leave cycles longer than one
/// level to walkers (docs/image-readers.md, "Paths inside an image"), so a walker must find them and
/// say so rather than skip them silently or walk forever.
/// </summary>
internal sealed class DirectoryCycleException(string path, ulong inodeNumber)
    : Exception($"directory cycle at '{path}': inode {inodeNumber} is one of its own ancestors")
{
    public string Path { get; } = path;

    public ulong InodeNumber { get; } = inodeNumber;
}
