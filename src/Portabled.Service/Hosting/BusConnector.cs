// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.SdBus;

namespace Portabled.Service.Hosting;

/// <summary>
/// Connects to the bus and takes the well-known name first thing in the process, before the host
/// is built: a bus-activated daemon that exits when idle starts often, and its callers wait for
/// the name. Nothing reads the connection until the objects are registered and the bus thread
/// runs, so calls that arrive meanwhile simply queue. (Doing this on a second thread while the
/// host is built was measured slower: on two cores the two compete with dbus-daemon.)
/// </summary>
public sealed class BusConnector
{
    /// <summary>Connects to <paramref name="busSpec"/> (as <c>--bus=</c>) and requests <paramref name="name"/>.</summary>
    public BusConnector(string busSpec, string name)
    {
        Connection = Connect(busSpec, name);
    }

    /// <summary>The named connection, or the failure to connect or to take the name.</summary>
    public Task<BusConnection> Connection { get; }

    /// <summary>What the connector was doing (for the one-line start-up error).</summary>
    public string Step { get; private set; } = "start";

    private Task<BusConnection> Connect(string busSpec, string name)
    {
        BusConnection? connection = null;
        try
        {
            Step = busSpec is "system" or "user" ? $"connect to {busSpec} bus" : $"connect to bus '{busSpec}'";
            connection = BusConnection.Open(busSpec);
            Step = "request name " + name;
            connection.RequestName(name);
            return Task.FromResult(connection);
        }
        catch (DBusException e)
        {
            connection?.Dispose();
            return Task.FromException<BusConnection>(e);
        }
    }
}
