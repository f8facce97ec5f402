// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect;

/// <summary>
/// The image is valid but uses something this reader does not implement (an unknown feature flag,
/// a compressor whose library is missing, …). The message names the missing piece.
/// </summary>
public class UnsupportedImageException : NotSupportedException
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedImageException(string image, string problem)
        : base($"{image}: {problem}")
    {
        Image = image;
    }

    /// <summary>Path of the image being read.</summary>
    public string Image { get; }
}
