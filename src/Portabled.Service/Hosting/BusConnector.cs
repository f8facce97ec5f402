// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.SdBus;

namespace Portabled.Service.Hosting;

/// <summary>
/// Connects to the bus and takes the well-known name on a worker thread as soon as the process
/// starts, while the host is still being built: a bus-activated daemon that exits when idle starts
/// often, and its callers wait for the name. Nothing reads the connection until the objects are
/// registered and the bus thread runs, so calls that arrive meanwhile simply queue.
/// </summary>
public sealed class BusConnector
{
    /// <summary>Starts connecting to <paramref name="busSpec"/> (as <c>--bus=</c>) and requesting <paramref name="name"/>.</summary>
    public BusConnector(string busSpec, string name)
    {
        var result = new TaskCompletionSource<BusConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        Connection = result.Task;
        // A plain thread: the thread pool is not warmed up this early in the process.
        new Thread(() =>
        {
            Step = busSpec is "system" or "user" ? $"connect to {busSpec} bus" : $"connect to bus '{busSpec}'";
            BusConnection connection;
            try
            {
                connection = BusConnection.Open(busSpec);
            }
            catch (Exception e)
            {
                result.SetException(e);
                return;
            }

            try
            {
                Step = "request name " + name;
                connection.RequestName(name);
                result.SetResult(connection);
            }
            catch (Exception e)
            {
                connection.Dispose();
                result.SetException(e);
            }
        })
        { Name = "bus-connect", IsBackground = true }.Start();
    }

    /// <summary>The named connection, or the failure to connect or to take the name.</summary>
    public Task<BusConnection> Connection { get; }

    /// <summary>What the connector was doing (for the one-line start-up error).</summary>
    public string Step { get; private set; } = "start";
}
