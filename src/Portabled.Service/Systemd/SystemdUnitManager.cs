// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core;
using Portabled.SdBus;

namespace Portabled.Service.Systemd;

/// <summary>
/// Asks org.freedesktop.systemd1 what Core needs to know about units, with the exact calls upstream
/// makes (docs/attach-detach.md, "Unit activity"): <c>Properties.Get(Unit, ActiveState)</c> on the unit's object for
/// plain and instance names, <c>ListUnitsByPatterns</c> for templates. Uses its own client
/// connection (Core runs on worker threads, the served connection belongs to the bus thread),
/// one call at a time.
/// </summary>
public sealed class SystemdUnitManager : IUnitManager, IDisposable
{
    private const string Destination = "org.freedesktop.systemd1";
    private const string ManagerPath = "/org/freedesktop/systemd1";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(25);
    private static readonly string[] s_activeStates = ["activating", "active", "reloading", "deactivating"];

    private readonly string _busSpec;
    private readonly Lock _lock = new();
    private BusConnection? _connection;

    /// <summary>Creates the manager for the bus <paramref name="busSpec"/> (as <c>--bus=</c>).</summary>
    public SystemdUnitManager(string busSpec)
    {
        _busSpec = busSpec;
    }

    /// <inheritdoc />
    public bool IsActive(string unitName)
    {
        int at = unitName.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0 && unitName.Length > at + 1 && unitName[at + 1] == '.')
        {
            string pattern = unitName[..(at + 1)] + "*" + unitName[(at + 1)..];
            return WithConnection(c => c.Call(Destination, ManagerPath, "org.freedesktop.systemd1.Manager", "ListUnitsByPatterns",
                w => w.StringArray(s_activeStates).StringArray([pattern]), CountArrayElements, s_timeout)) > 0;
        }

        string state = WithConnection(c => c.Call(Destination, ObjectPaths.Encode("/org/freedesktop/systemd1/unit", unitName),
            "org.freedesktop.DBus.Properties", "Get", w => w.String("org.freedesktop.systemd1.Unit").String("ActiveState"),
            ReadStringVariant, s_timeout));
        return Array.IndexOf(s_activeStates, state) >= 0;
    }

    /// <summary>The <c>Version</c> property of the service manager (e.g. <c>252.39-1~deb12u2</c>).</summary>
    public string GetManagerVersion() =>
        WithConnection(c => c.Call(Destination, ManagerPath, "org.freedesktop.DBus.Properties", "Get",
            w => w.String("org.freedesktop.systemd1.Manager").String("Version"), ReadStringVariant, s_timeout));

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _connection?.Dispose();
            _connection = null;
        }
    }

    // Errors of systemd1 reach the caller unchanged (name and message), as upstream passes them
    // on; as PortableException, so Core can tell them from its own bugs.
    private T WithConnection<T>(Func<BusConnection, T> call)
    {
        lock (_lock)
        {
            try
            {
                _connection ??= BusConnection.Open(_busSpec);
                return call(_connection);
            }
            catch (DBusException e)
            {
                if (e.ErrorName is "org.freedesktop.DBus.Error.NoReply" or "org.freedesktop.DBus.Error.Disconnected" || e.ErrorName.StartsWith("System.Error.ENOTCONN", StringComparison.Ordinal))
                {
                    // A broken connection is not reused; the next call opens a fresh one.
                    _connection?.Dispose();
                    _connection = null;
                }

                throw new PortableException(e.ErrorName, e.Message);
            }
        }
    }

    private static string ReadStringVariant(MessageReader r)
    {
        r.Enter('v', "s");
        string s = r.String();
        r.Exit();
        return s;
    }

    private static int CountArrayElements(MessageReader r)
    {
        int n = 0;
        r.Enter('a', "(ssssssouso)");
        while (r.Skip())
        {
            n++;
        }

        r.Exit();
        return n;
    }
}
