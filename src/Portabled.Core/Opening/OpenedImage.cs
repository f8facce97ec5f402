// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Images;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Opening;

/// <summary>
/// An image opened by an <see cref="IImageOpener"/>: its file system tree and, for raw and block
/// images, the image policy pinned from what dissection found (262's <c>RootImagePolicy=</c>).
/// Disposing it releases the file system and then the image it reads from.
/// </summary>
public sealed class OpenedImage : IDisposable
{
    private readonly IDisposable? _owner;

    /// <summary>Wraps <paramref name="fileSystem"/>; <paramref name="owner"/> (the dissected image) is disposed after it.</summary>
    public OpenedImage(IReadOnlyFileSystem fileSystem, ImagePolicy? policy = null, IDisposable? owner = null)
    {
        FileSystem = fileSystem;
        Policy = policy;
        _owner = owner;
    }

    /// <summary>The tree portabled extracts from.</summary>
    public IReadOnlyFileSystem FileSystem { get; }

    /// <summary>The policy pinned from the dissected partitions, or null (directory images).</summary>
    public ImagePolicy? Policy { get; }

    /// <summary>The dissected raw or block image, or null (directory images); the lint reads its verity settings.</summary>
    public Dissect.Dissection.DissectedImage? Dissected => _owner as Dissect.Dissection.DissectedImage;

    /// <summary>True for a raw image with a usr partition and no root partition.</summary>
    public bool IsUsrOnly { get; init; }

    /// <inheritdoc />
    public void Dispose()
    {
        FileSystem.Dispose();
        _owner?.Dispose();
    }
}
