// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Host;
using Portabled.Core.Images;
using Portabled.Core.Versions;

namespace Portabled.Core.Opening;

/// <summary>
/// The daemon's <see cref="IImageOpener"/>: directory and subvolume images through
/// <see cref="DirectoryImageOpener"/>, raw and block images through <see cref="RawImageOpener"/>.
/// </summary>
public sealed class ImageOpener : IImageOpener
{
    private readonly DirectoryImageOpener _directories;
    private readonly RawImageOpener _raw;

    /// <summary>Creates the opener for images of <paramref name="layout"/>, raw ones dissected as <paramref name="behavior"/> (default 262) does.</summary>
    public ImageOpener(HostLayout layout, UpstreamBehavior? behavior = null)
    {
        _directories = new DirectoryImageOpener(layout);
        _raw = new RawImageOpener(layout, behavior);
    }

    /// <inheritdoc />
    public OpenedImage Open(PortableImage image) =>
        image.Type is PortableImageType.Raw or PortableImageType.Block ? _raw.Open(image) : _directories.Open(image);
}
