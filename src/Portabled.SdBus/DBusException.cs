// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <summary>
/// A named D-Bus error: thrown by a method handler to send that error reply, and thrown by client
/// calls when the peer replied with an error (or sd-bus itself failed, mapped the way sd-bus maps
/// errnos: ENOENT → <c>org.freedesktop.DBus.Error.FileNotFound</c>, EBUSY → <c>System.Error.EBUSY</c>, …).
/// </summary>
public class DBusException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DBusException(string errorName, string message)
        : base(message)
    {
        ErrorName = errorName;
    }

    /// <summary>The D-Bus error name.</summary>
    public string ErrorName { get; }

    /// <summary>
    /// The error sd-bus itself would send for a handler returning <c>-errno</c>: its error name and
    /// strerror() message.
    /// </summary>
    public static unsafe DBusException FromErrno(int errno)
    {
        SdBusError error = default;
        SdBusNative.ErrorSetErrno(&error, Math.Abs(errno));
        try
        {
            return new DBusException(NativeStrings.FromUtf8(error.Name) ?? "org.freedesktop.DBus.Error.Failed",
                NativeStrings.FromUtf8(error.Message) ?? $"errno {errno}");
        }
        finally
        {
            SdBusNative.ErrorFree(&error);
        }
    }
}
