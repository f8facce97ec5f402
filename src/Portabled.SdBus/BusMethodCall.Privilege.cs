// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <content>Who is calling, as sd-bus decides it for authorization.</content>
public sealed partial class BusMethodCall
{
    /// <summary>
    /// sd_bus_query_sender_privilege(): whether the caller has <paramref name="capability"/> in its
    /// effective set, or (when that cannot be known reliably, or <paramref name="capability"/> is
    /// negative) runs with our uid, or is root while we are not. The credentials come from the bus
    /// (a synchronous call to the bus driver on a dbus-daemon connection).
    /// </summary>
    public bool QuerySenderPrivilege(int capability)
    {
        int rc = SdBusNative.QuerySenderPrivilege(_message, capability);
        return rc < 0 ? throw DBusException.FromErrno(rc) : rc > 0;
    }
}
