// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Errors;

/// <summary>
/// An error of the portable1 API: the D-Bus error name and upstream's exact message. The host
/// turns it into a D-Bus error reply as is. Subclasses name the cases.
/// </summary>
public class PortableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PortableException(string errorName, string message)
        : base(message)
    {
        ErrorName = errorName;
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    public PortableException(string errorName, string message, Exception? innerException)
        : base(message, innerException)
    {
        ErrorName = errorName;
    }

    /// <summary>The D-Bus error name, e.g. <c>org.freedesktop.portable1.NoSuchImage</c>.</summary>
    public string ErrorName { get; }
}
