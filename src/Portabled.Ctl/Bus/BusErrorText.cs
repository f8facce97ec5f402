// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.SdBus;

namespace Portabled.Ctl.Bus;

/// <summary>
/// What systemd tools print for a failed call (bus_error_message()): the error's message, except
/// that every AccessDenied reads "Access denied" whatever the service said.
/// </summary>
internal static class BusErrorText
{
    public static string Describe(this DBusException e) =>
        e.ErrorName == "org.freedesktop.DBus.Error.AccessDenied" ? "Access denied" : e.Message;
}
