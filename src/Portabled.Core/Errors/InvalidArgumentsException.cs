// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Errors;

/// <summary><c>org.freedesktop.DBus.Error.InvalidArgs</c> with upstream's message (EINVAL).</summary>
public sealed class InvalidArgumentsException : PortableException
{
    /// <summary>Creates the exception.</summary>
    public InvalidArgumentsException(string message)
        : base(PortableErrorNames.InvalidArgs, message)
    {
    }
}
