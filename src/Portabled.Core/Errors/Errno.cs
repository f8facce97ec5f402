// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;

namespace Portabled.Core.Errors;

/// <summary>
/// The errno values Core reports, their strerror() texts and the D-Bus error names sd-bus maps them to
/// (bus_error_name_from_errno(): a short table, <c>System.Error.E…</c> for the rest).
/// </summary>
public static class Errno
{
    /// <summary>Operation not permitted.</summary>
    public const int EPERM = 1;

    /// <summary>No such file or directory.</summary>
    public const int ENOENT = 2;

    /// <summary>Input/output error.</summary>
    public const int EIO = 5;

    /// <summary>No such device or address.</summary>
    public const int ENXIO = 6;

    /// <summary>Cannot allocate memory.</summary>
    public const int ENOMEM = 12;

    /// <summary>Permission denied.</summary>
    public const int EACCES = 13;

    /// <summary>Device or resource busy.</summary>
    public const int EBUSY = 16;

    /// <summary>File exists.</summary>
    public const int EEXIST = 17;

    /// <summary>Invalid cross-device link.</summary>
    public const int EXDEV = 18;

    /// <summary>Inappropriate ioctl for device.</summary>
    public const int ENOTTY = 25;

    /// <summary>Not a directory.</summary>
    public const int ENOTDIR = 20;

    /// <summary>Is a directory.</summary>
    public const int EISDIR = 21;

    /// <summary>Invalid argument.</summary>
    public const int EINVAL = 22;

    /// <summary>File too large.</summary>
    public const int EFBIG = 27;

    /// <summary>No space left on device.</summary>
    public const int ENOSPC = 28;

    /// <summary>Read-only file system.</summary>
    public const int EROFS = 30;

    /// <summary>File name too long.</summary>
    public const int ENAMETOOLONG = 36;

    /// <summary>Directory not empty.</summary>
    public const int ENOTEMPTY = 39;

    /// <summary>Too many levels of symbolic links.</summary>
    public const int ELOOP = 40;

    /// <summary>Link has been severed.</summary>
    public const int ENOLINK = 67;

    /// <summary>File descriptor in bad state.</summary>
    public const int EBADFD = 77;

    /// <summary>Package not installed.</summary>
    public const int ENOPKG = 65;

    /// <summary>Invalid request descriptor.</summary>
    public const int EBADR = 53;

    /// <summary>No data available.</summary>
    public const int ENODATA = 61;

    /// <summary>Required key not available.</summary>
    public const int ENOKEY = 126;

    /// <summary>Name not unique on network.</summary>
    public const int ENOTUNIQ = 76;

    /// <summary>Bad message.</summary>
    public const int EBADMSG = 74;

    /// <summary>No buffer space available.</summary>
    public const int ENOBUFS = 105;

    /// <summary>Operation not supported.</summary>
    public const int EOPNOTSUPP = 95;

    /// <summary>Cannot assign requested address.</summary>
    public const int EADDRNOTAVAIL = 99;

    /// <summary>Connection timed out.</summary>
    public const int ETIMEDOUT = 110;

    /// <summary>Stale file handle.</summary>
    public const int ESTALE = 116;

    /// <summary>Protocol not supported.</summary>
    public const int EPROTONOSUPPORT = 93;

    /// <summary>Structure needs cleaning.</summary>
    public const int EUCLEAN = 117;

    /// <summary>No medium found.</summary>
    public const int ENOMEDIUM = 123;

    /// <summary>Wrong medium type.</summary>
    public const int EMEDIUMTYPE = 124;

    /// <summary>The D-Bus error name sd-bus uses for <paramref name="errno"/>.</summary>
    public static string ToErrorName(int errno) => errno switch
    {
        EINVAL => PortableErrorNames.InvalidArgs,
        ENOENT => PortableErrorNames.FileNotFound,
        EEXIST => PortableErrorNames.FileExists,
        EACCES or EPERM => PortableErrorNames.AccessDenied,
        EOPNOTSUPP => PortableErrorNames.NotSupported,
        ENOBUFS => PortableErrorNames.LimitsExceeded,
        ENOMEM => PortableErrorNames.NoMemory,
        EIO => PortableErrorNames.IOError,
        ETIMEDOUT => PortableErrorNames.Timeout,
        EADDRNOTAVAIL => PortableErrorNames.BadAddress,
        EBADMSG => PortableErrorNames.InconsistentMessage,
        _ => "System.Error." + ToSymbol(errno),
    };

    /// <summary>strerror() of <paramref name="errno"/> (glibc wording).</summary>
    public static string ToMessage(int errno) => errno switch
    {
        EPERM => "Operation not permitted",
        ENOENT => "No such file or directory",
        EIO => "Input/output error",
        ENXIO => "No such device or address",
        ENOMEM => "Cannot allocate memory",
        EACCES => "Permission denied",
        EBUSY => "Device or resource busy",
        EEXIST => "File exists",
        EXDEV => "Invalid cross-device link",
        ENOTDIR => "Not a directory",
        ENOTTY => "Inappropriate ioctl for device",
        EISDIR => "Is a directory",
        EINVAL => "Invalid argument",
        EFBIG => "File too large",
        ENOSPC => "No space left on device",
        EROFS => "Read-only file system",
        ENAMETOOLONG => "File name too long",
        ENOTEMPTY => "Directory not empty",
        ELOOP => "Too many levels of symbolic links",
        ENOLINK => "Link has been severed",
        EBADFD => "File descriptor in bad state",
        ENOPKG => "Package not installed",
        ENOTUNIQ => "Name not unique on network",
        EBADR => "Invalid request descriptor",
        ENODATA => "No data available",
        ENOKEY => "Required key not available",
        EBADMSG => "Bad message",
        ENOBUFS => "No buffer space available",
        EOPNOTSUPP => "Operation not supported",
        EADDRNOTAVAIL => "Cannot assign requested address",
        ETIMEDOUT => "Connection timed out",
        ESTALE => "Stale file handle",
        EPROTONOSUPPORT => "Protocol not supported",
        EUCLEAN => "Structure needs cleaning",
        ENOMEDIUM => "No medium found",
        EMEDIUMTYPE => "Wrong medium type",
        _ => "Unknown error " + errno.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The errno behind a .NET I/O exception: .NET on Linux stores the raw errno in
    /// <see cref="Exception.HResult"/> of plain <see cref="IOException"/>s.
    /// </summary>
    public static int FromException(Exception exception) => exception switch
    {
        ErrnoException e => e.Errno,
        FileNotFoundException or DirectoryNotFoundException => ENOENT,
        UnauthorizedAccessException => EACCES,
        PathTooLongException => ENAMETOOLONG,
        Dissect.FileSystems.SymbolicLinkLoopException => ELOOP,
        IOException io when io.HResult is > 0 and < 4096 => io.HResult,
        _ => EIO,
    };

    private static string ToSymbol(int errno) => errno switch
    {
        ENXIO => "ENXIO",
        EBUSY => "EBUSY",
        EXDEV => "EXDEV",
        ENOTDIR => "ENOTDIR",
        ENOTTY => "ENOTTY",
        EISDIR => "EISDIR",
        EFBIG => "EFBIG",
        ENOSPC => "ENOSPC",
        EROFS => "EROFS",
        ENAMETOOLONG => "ENAMETOOLONG",
        ENOTEMPTY => "ENOTEMPTY",
        ELOOP => "ELOOP",
        ENOLINK => "ENOLINK",
        EBADFD => "EBADFD",
        ENOPKG => "ENOPKG",
        ENOTUNIQ => "ENOTUNIQ",
        EBADR => "EBADR",
        ENODATA => "ENODATA",
        ENOKEY => "ENOKEY",
        EBADMSG => "EBADMSG",
        ESTALE => "ESTALE",
        EPROTONOSUPPORT => "EPROTONOSUPPORT",
        EUCLEAN => "EUCLEAN",
        ENOMEDIUM => "ENOMEDIUM",
        EMEDIUMTYPE => "EMEDIUMTYPE",
        _ => "E" + errno.ToString(CultureInfo.InvariantCulture),
    };
}
