// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Errors;

/// <summary>A unit that exists on the host or is active: <c>org.freedesktop.systemd1.UnitExists</c>.</summary>
public sealed class UnitExistsException : PortableException
{
    /// <summary>Creates the exception with upstream's message.</summary>
    public UnitExistsException(string message)
        : base(PortableErrorNames.UnitExists, message)
    {
    }
}
