// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Errors;

/// <summary>The D-Bus error names Core's exceptions carry (docs/portable1-api.md, "Errors").</summary>
public static class PortableErrorNames
{
    /// <summary>EINVAL.</summary>
    public const string InvalidArgs = "org.freedesktop.DBus.Error.InvalidArgs";

    /// <summary>ENOENT.</summary>
    public const string FileNotFound = "org.freedesktop.DBus.Error.FileNotFound";

    /// <summary>EEXIST.</summary>
    public const string FileExists = "org.freedesktop.DBus.Error.FileExists";

    /// <summary>EACCES, EPERM.</summary>
    public const string AccessDenied = "org.freedesktop.DBus.Error.AccessDenied";

    /// <summary>EOPNOTSUPP.</summary>
    public const string NotSupported = "org.freedesktop.DBus.Error.NotSupported";

    /// <summary>ENOBUFS.</summary>
    public const string LimitsExceeded = "org.freedesktop.DBus.Error.LimitsExceeded";

    /// <summary>ENOMEM.</summary>
    public const string NoMemory = "org.freedesktop.DBus.Error.NoMemory";

    /// <summary>EIO.</summary>
    public const string IOError = "org.freedesktop.DBus.Error.IOError";

    /// <summary>ETIMEDOUT.</summary>
    public const string Timeout = "org.freedesktop.DBus.Error.Timeout";

    /// <summary>EADDRNOTAVAIL.</summary>
    public const string BadAddress = "org.freedesktop.DBus.Error.BadAddress";

    /// <summary>EBADMSG.</summary>
    public const string InconsistentMessage = "org.freedesktop.DBus.Error.InconsistentMessage";

    /// <summary>Generic failure.</summary>
    public const string Failed = "org.freedesktop.DBus.Error.Failed";

    /// <summary>An image name that is not in the search path.</summary>
    public const string NoSuchImage = "org.freedesktop.portable1.NoSuchImage";

    /// <summary>A path that is not an image of a known type (EMEDIUMTYPE).</summary>
    public const string BadImageType = "org.freedesktop.portable1.BadImageType";

    /// <summary>No unit file matched (262; 252 says InvalidArgs).</summary>
    public const string NoMatchingUnitFiles = "org.freedesktop.portable1.NoMatchingUnitFiles";

    /// <summary>A unit exists or is active (systemd1's name, reused by portabled).</summary>
    public const string UnitExists = "org.freedesktop.systemd1.UnitExists";

    /// <summary>Nothing attached (systemd1's name, reused by portabled).</summary>
    public const string NoSuchUnit = "org.freedesktop.systemd1.NoSuchUnit";
}
