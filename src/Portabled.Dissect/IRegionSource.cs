// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect;

/// <summary>
/// Where an <see cref="ImageRegion"/> gets its bytes when not straight from the image file: offsets
/// are absolute offsets of the image, so error messages and sub-windows keep their meaning.
/// </summary>
internal interface IRegionSource
{
    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/>; fewer only at the end of the source.</summary>
    int Read(long offset, Span<byte> buffer);
}
