// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Errors;

/// <summary>Nothing of the image is attached: <c>org.freedesktop.systemd1.NoSuchUnit</c>.</summary>
public sealed class NoSuchUnitException : PortableException
{
    /// <summary>Creates the exception with upstream's message.</summary>
    public NoSuchUnitException(string message)
        : base(PortableErrorNames.NoSuchUnit, message)
    {
    }
}
