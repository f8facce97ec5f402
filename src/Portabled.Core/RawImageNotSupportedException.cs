// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core;

/// <summary>Raw and block images cannot be read yet: <c>org.freedesktop.DBus.Error.NotSupported</c>.</summary>
public sealed class RawImageNotSupportedException : PortableException
{
    /// <summary>Creates the exception for the image at <paramref name="path"/>.</summary>
    public RawImageNotSupportedException(string path)
        : base(PortableErrorNames.NotSupported, $"Raw image support is not available yet ('{path}').")
    {
    }
}
