// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <content>
/// Client-side transports and signal matching. These connections are driven by the thread that
/// uses them (no bus thread): <see cref="WaitUntil"/> runs sd_bus_process/sd_bus_wait until a
/// condition holds, which is how a command-line client waits for signals such as systemd's
/// <c>JobRemoved</c>.
/// </content>
public sealed unsafe partial class BusConnection
{
    /// <summary>
    /// The system bus of <paramref name="host"/> (<c>[USER@]HOST[:PORT]</c>) over ssh
    /// (sd_bus_open_system_remote). Connected lazily: ssh failures surface at the first call.
    /// </summary>
    public static BusConnection OpenSystemRemote(string host) => OpenLazily(SdBusNative.OpenSystemRemote(out IntPtr bus, host), bus);

    /// <summary>The system bus of a local container (sd_bus_open_system_machine); <c>.host</c> is the host itself.</summary>
    public static BusConnection OpenSystemMachine(string machine) => OpenLazily(SdBusNative.OpenSystemMachine(out IntPtr bus, machine), bus);

    /// <summary>The user bus of <c>[USER@]MACHINE</c> (sd_bus_open_user_machine).</summary>
    public static BusConnection OpenUserMachine(string machine) => OpenLazily(SdBusNative.OpenUserMachine(out IntPtr bus, machine), bus);

    /// <summary>
    /// Whether method calls sent on this connection carry the ALLOW_INTERACTIVE_AUTHORIZATION flag,
    /// i.e. whether the service may ask polkit to authenticate the caller interactively.
    /// </summary>
    public bool AllowInteractiveAuthorization
    {
        set => Check(SdBusNative.SetAllowInteractiveAuthorization(_bus, value ? 1 : 0));
    }

    /// <summary>
    /// Adds a match rule (e.g. <c>type='signal',sender='org.freedesktop.systemd1',member='JobRemoved'</c>)
    /// with the bus driver; <paramref name="handler"/> runs for each matching message while the
    /// connection is processed (<see cref="WaitUntil"/>, or the bus thread). Dispose to remove it.
    /// Exceptions from the handler go to <see cref="UnexpectedException"/>.
    /// </summary>
    public IDisposable AddMatch(string rule, Action<BusSignal> handler)
    {
        var match = new BusMatch(this, handler);
        try
        {
            Check(SdBusNative.AddMatch(_bus, out IntPtr slot, rule, &OnMatch, match.UserData));
            match.Slot = slot;
            return match;
        }
        catch
        {
            match.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Processes incoming messages on the calling thread until <paramref name="condition"/> holds
    /// (checked after every message) or <paramref name="timeout"/> passes; false on timeout.
    /// Throws when the connection breaks. Only for connections without a bus thread.
    /// </summary>
    public bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        ulong deadline = timeout == Timeout.InfiniteTimeSpan ? ulong.MaxValue : LibC.MonotonicMicroseconds() + (ulong)timeout.TotalMicroseconds;
        while (!condition())
        {
            int rc = Check(SdBusNative.Process(_bus, IntPtr.Zero));
            if (rc > 0)
            {
                continue;
            }

            ulong now = LibC.MonotonicMicroseconds();
            if (now >= deadline)
            {
                return false;
            }

            Check(SdBusNative.Wait(_bus, deadline == ulong.MaxValue ? ulong.MaxValue : deadline - now));
        }

        return true;
    }

    // sd-bus: 0 means its default (25 s); UINT64_MAX means no timeout at all.
    private static ulong ToMicroseconds(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? ulong.MaxValue : (ulong)Math.Max(0, timeout.TotalMicroseconds);

    private static BusConnection OpenLazily(int rc, IntPtr bus)
    {
        if (rc < 0)
        {
            throw DBusException.FromErrno(rc);
        }

        return new BusConnection(bus);
    }

    [UnmanagedCallersOnly]
    private static int OnMatch(IntPtr message, IntPtr userdata, SdBusError* error)
    {
        BusMatch? match = null;
        try
        {
            match = (BusMatch)GCHandle.FromIntPtr(userdata).Target!;
            match.Handler(new BusSignal(message));
        }
        catch (Exception e)
        {
            try
            {
                match?.Connection.UnexpectedException?.Invoke(e);
            }
            catch
            {
                // Nothing may cross into native code.
            }
        }

        return 0;
    }
}
