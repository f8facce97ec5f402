// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Versions;
using Portabled.Core;
using Portabled.SdBus;

namespace Portabled.Service.Systemd;

/// <summary>
/// Asks org.freedesktop.systemd1 what Core needs to know about units, with the exact calls upstream
/// makes (docs/attach-detach.md, "Unit activity"): <c>Properties.Get(Unit, ActiveState)</c> on the unit's object for
/// plain and instance names, <c>ListUnitsByPatterns</c> for templates. Uses its own client
/// connection, as upstream does: a second connection would be a
/// second client on the bus, visible to anyone watching it (busctl monitor). Core runs on worker
/// threads, so the calls are handed to the bus thread (<see cref="BusConnection.CallFromAnyThread"/>).
/// </summary>
public sealed class SystemdUnitManager : IUnitManager
{
    private const string Destination = "org.freedesktop.systemd1";
    private const string ManagerPath = "/org/freedesktop/systemd1";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(25);
    private static readonly string[] s_activeStates = ["activating", "active", "reloading", "deactivating"];

    private readonly Task<BusConnection> _connection;

    /// <summary>Creates the manager asking over the daemon's served <paramref name="connection"/>.</summary>
    public SystemdUnitManager(Task<BusConnection> connection)
    {
        _connection = connection;
    }

    /// <inheritdoc />
    public bool IsActive(string unitName)
    {
        int at = unitName.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0 && unitName.Length > at + 1 && unitName[at + 1] == '.')
        {
            string pattern = unitName[..(at + 1)] + "*" + unitName[(at + 1)..];
            return WithConnection(c => c.CallFromAnyThread(Destination, ManagerPath, "org.freedesktop.systemd1.Manager", "ListUnitsByPatterns",
                w => w.StringArray(s_activeStates).StringArray([pattern]), CountArrayElements, s_timeout)) > 0;
        }

        string state = WithConnection(c => c.CallFromAnyThread(Destination, ObjectPaths.Encode("/org/freedesktop/systemd1/unit", unitName),
            "org.freedesktop.DBus.Properties", "Get", w => w.String("org.freedesktop.systemd1.Unit").String("ActiveState"),
            ReadStringVariant, s_timeout));
        return Array.IndexOf(s_activeStates, state) >= 0;
    }

    /// <summary>
    /// Finds the <c>Version</c> property of the service manager (e.g. <c>252.39-1~deb12u2</c>) from
    /// the bus thread's prologue: asks the bus at once who owns org.freedesktop.systemd1 and returns
    /// the function that finishes. When <paramref name="remembered"/> has the version for that owner
    /// on this bus, the function returns it and systemd is not asked at all (docs/upstream-versions.md,
    /// "Remembered versions"); otherwise it asks systemd, waits for the answer and remembers it.
    /// </summary>
    public Func<string> BeginGetManagerVersion(ManagerVersionCache remembered)
    {
        Func<string> owner = WithConnection(c => c.SendBeforeServing("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
            "GetNameOwner", w => w.String(Destination), r => r.String(), s_timeout));
        return () =>
        {
            string? key = null;
            try
            {
                key = WithConnection(c => c.BusId + " " + owner());
            }
            catch (PortableException)
            {
                // No manager on the bus: the version question fails too, and says so.
            }

            if ((key is null ? null : remembered.Find(key)) is string known)
            {
                return known;
            }

            // Only now: a question whose answer is remembered would still wake systemd and pass
            // through the bus twice while the daemon's first caller waits.
            string version = WithConnection(c => c.SendBeforeServing(Destination, ManagerPath, "org.freedesktop.DBus.Properties", "Get",
                w => w.String("org.freedesktop.systemd1.Manager").String("Version"), ReadStringVariant, s_timeout)());
            if (key is not null)
            {
                _ = remembered.Remember(key, version);
            }

            return version;
        };
    }

    // Errors of systemd1 reach the caller unchanged (name and message), as upstream passes them
    // on; as PortableException, so Core can tell them from its own bugs.
    private T WithConnection<T>(Func<BusConnection, T> call)
    {
        try
        {
            return call(_connection.GetAwaiter().GetResult());
        }
        catch (DBusException e)
        {
            throw new PortableException(e.ErrorName, e.Message);
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
