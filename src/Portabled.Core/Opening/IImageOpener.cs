// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Images;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Opening;

/// <summary>
/// Opens an image's file system for reading its metadata. Everything Core reads inside an image
/// goes through the returned <see cref="OpenedImage"/>'s <see cref="IReadOnlyFileSystem"/> and
/// <see cref="ImagePathResolver"/>.
/// </summary>
public interface IImageOpener
{
    /// <summary>
    /// Opens <paramref name="image"/>; the caller disposes the result. Throws <see cref="PortableException"/>
    /// for what it decides itself, and lets the readers' exceptions through: the caller turns those
    /// into upstream's errors with <see cref="ImageErrorMap"/>, in the context it knows.
    /// </summary>
    OpenedImage Open(PortableImage image);
}
