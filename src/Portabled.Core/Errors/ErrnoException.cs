// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Errors;

/// <summary>
/// An error upstream returns as a bare errno or as an errno-based message (<c>%m</c>): the error
/// name is the one sd-bus derives from the errno (<c>System.Error.ESTALE</c>, <c>…FileNotFound</c>),
/// the message upstream's text or else strerror().
/// </summary>
public sealed class ErrnoException : PortableException
{
    /// <summary>Creates the exception; a null <paramref name="message"/> means strerror(<paramref name="errno"/>).</summary>
    public ErrnoException(int errno, string? message = null, Exception? innerException = null)
        : base(Errors.Errno.ToErrorName(errno), message ?? Errors.Errno.ToMessage(errno), innerException)
    {
        Errno = errno;
    }

    /// <summary>The errno value.</summary>
    public int Errno { get; }
}
