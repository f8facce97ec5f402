// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Errors;

/// <summary>A name not found in the image search path: <c>No image '%s' found.</c></summary>
public sealed class NoSuchImageException : PortableException
{
    /// <summary>Creates the exception for <paramref name="name"/>.</summary>
    public NoSuchImageException(string name)
        : base(PortableErrorNames.NoSuchImage, $"No image '{name}' found.")
    {
    }
}
