// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Images;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Opening;

/// <summary>
/// The default <see cref="IImageOpener"/>: directory and subvolume images through
/// <see cref="HostDirectoryFileSystem"/> (the image path resolved relative to the layout's root).
/// Raw and block images are <see cref="RawImageOpener"/>'s; <see cref="ImageOpener"/> picks.
/// </summary>
public sealed class DirectoryImageOpener : IImageOpener
{
    private readonly HostLayout _layout;

    /// <summary>Creates the opener for images of <paramref name="layout"/>.</summary>
    public DirectoryImageOpener(HostLayout layout)
    {
        _layout = layout;
    }

    /// <inheritdoc />
    public OpenedImage Open(PortableImage image)
    {
        if (image.Type is PortableImageType.Raw or PortableImageType.Block)
        {
            throw new ArgumentException($"Image '{image.Path}' is not a directory image.", nameof(image));
        }

        if (!_layout.TryResolve(image.Path, true, out _, out HostDirectoryNode? node) || node.Type != FileType.Directory)
        {
            throw new ErrnoException(Errno.ENOENT);
        }

        return new OpenedImage(new HostDirectoryFileSystem(node.HostPath));
    }
}
