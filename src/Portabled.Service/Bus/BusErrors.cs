// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core;
using Portabled.Dissect.Compression;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Verity;
using Portabled.Dissect;
using Portabled.SdBus;

namespace Portabled.Service.Bus;

/// <summary>
/// Turns exceptions into the D-Bus errors upstream would send. Core's <see cref="PortableException"/>
/// already carries upstream's name and message; .NET I/O exceptions become the errno names sd-bus
/// uses (its own mapping, <see cref="DBusException.FromErrno"/>). Anything else is a bug: it
/// becomes <c>org.freedesktop.DBus.Error.Failed</c> and is logged by the caller.
/// </summary>
public static class BusErrors
{
    private const int ENOENT = 2;
    private const int EIO = 5;
    private const int EACCES = 13;
    private const int ENOTDIR = 20;
    private const int ELOOP = 40;
    private const int EBADMSG = 74;
    private const int EOPNOTSUPP = 95;

    /// <summary>The D-Bus error for <paramref name="e"/>, or null when it is unexpected.</summary>
    public static DBusException? Map(Exception e) => e switch
    {
        DBusException d => d,
        PortableException p => new DBusException(p.ErrorName, p.Message),
        SymbolicLinkLoopException => DBusException.FromErrno(ELOOP),
        // A block that fails its hash while a file is read: EIO, as dm-verity fails the read; the message names the block.
        VerityMismatchException => new DBusException(DBusException.FromErrno(EIO).ErrorName, e.Message),
        InvalidImageException or DecompressionException => new DBusException(DBusException.FromErrno(EBADMSG).ErrorName, e.Message),
        UnsupportedImageException => new DBusException(DBusException.FromErrno(EOPNOTSUPP).ErrorName, e.Message),
        FileNotFoundException or DirectoryNotFoundException => DBusException.FromErrno(ENOENT),
        UnauthorizedAccessException => DBusException.FromErrno(EACCES),
        IOException io when io.HResult is > 0 and < 4096 => DBusException.FromErrno(io.HResult),
        IOException io when io.Message.Contains("Not a directory", StringComparison.Ordinal) => DBusException.FromErrno(ENOTDIR),
        IOException => DBusException.FromErrno(EIO),
        _ => null,
    };

    /// <summary>Permission denied, as a failed polkit check ends upstream (-EACCES).</summary>
    public static DBusException AccessDenied() => DBusException.FromErrno(EACCES);
}
