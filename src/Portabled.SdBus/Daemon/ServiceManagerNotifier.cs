// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.SdBus.Daemon;

/// <summary>
/// Tells the service manager about the daemon's state through libsystemd's sd_notify(3)
/// (<c>READY=1</c>, <c>STOPPING=1</c>, ...): a no-op when the daemon was not started with a
/// <c>NOTIFY_SOCKET</c>.
/// </summary>
public static partial class ServiceManagerNotifier
{
    /// <summary>Whether the service manager listens (<c>NOTIFY_SOCKET</c> is set).</summary>
    public static bool IsEnabled => Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 };

    /// <summary>Sends <paramref name="state"/> (newline-separated assignments); false if it could not be sent.</summary>
    public static bool Notify(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return SdNotify(0, state) > 0;
    }

    [LibraryImport(Interop.SdBusNative.Library, EntryPoint = "sd_notify", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SdNotify(int unsetEnvironment, string state);
}
