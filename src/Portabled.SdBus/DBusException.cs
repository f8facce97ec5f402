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
    /// Teaches sd-bus, process-wide, which errno each of these error names stands for
    /// (sd_bus_error_add_map()), as a service's own error names are taught by its error map. sd-bus
    /// uses it wherever it turns an error back into an errno: an object lookup failing with one of
    /// these names on a call sd-bus answers itself (an unknown method) is answered with that errno.
    /// The table stays allocated for the life of the process, as sd-bus requires.
    /// </summary>
    public static unsafe void AddErrorMap(IReadOnlyList<KeyValuePair<string, int>> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        // struct sd_bus_error_map { const char *name; int code; }, ended by SD_BUS_ERROR_MAP_END
        // ({ NULL, -'x' }). Never freed: sd-bus keeps the pointer.
        int entrySize = IntPtr.Size * 2;
        byte* map = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)((names.Count + 1) * entrySize));
        for (int i = 0; i < names.Count; i++)
        {
            *(IntPtr*)(map + (i * entrySize)) = NativeStrings.Intern(names[i].Key);
            *(int*)(map + (i * entrySize) + IntPtr.Size) = Math.Abs(names[i].Value);
        }

        *(int*)(map + (names.Count * entrySize) + IntPtr.Size) = -'x';
        int rc = SdBusNative.ErrorAddMap((IntPtr)map);
        if (rc < 0)
        {
            throw FromErrno(rc);
        }
    }

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
