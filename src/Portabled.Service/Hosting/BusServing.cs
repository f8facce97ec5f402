// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Logging;
using Portabled.Core;
using Portabled.Core.Errors;
using Portabled.SdBus;
using Portabled.Service.Bus;

namespace Portabled.Service.Hosting;

/// <summary>
/// Puts the daemon's objects on its named connection and starts serving, before the host is built:
/// a bus-activated daemon's first caller is waiting, and building the host (the container, the
/// hosted services) is not needed to answer it. The host is built meanwhile and runs the rest of
/// the daemon's life (<see cref="PortabledService"/>).
/// </summary>
internal static class BusServing
{
    public static void Start(BusConnection bus, PortableManagerProvider core, ManagerObject managerObject, ImageObject images,
        LogControlObject logControl, DaemonOptions options, ILogger logger)
    {
        // First: the manager waits for the version detection, which may still be using the connection.
        PortableManager manager = core.Manager;
        DBusException.AddErrorMap(BusErrors.ErrorNames);
        bus.ExceptionMapper = e => BusErrors.Map(e, manager.Behavior);
        bus.UnexpectedException = e => Log.UnexpectedFailure(logger, e);
        bus.AddObject(ManagerObject.Path, managerObject.Interface);
        bus.AddObject(LogControlObject.Path, logControl.Interface);

        // The name is ours already (BusConnector); calls queue until the loop runs. The version we
        // reproduce decides the Image member table.
        bus.AddFallback(BusWire.ImagePrefix, images.Interface(manager.Behavior), images.Exists);
        bus.AddNodeEnumerator(BusWire.ImagePrefix, images.Enumerate);

        // Before the first request: an operation a crash interrupted is completed or undone
        // (docs/reliability.md, "Recovery"). One that cannot be yet (a read-only file system) is
        // left for the next operation, which tries again and fails until it can.
        try
        {
            manager.Recover();
        }
        catch (Exception e) when (e is PortableException or IOException or UnauthorizedAccessException)
        {
            Log.RecoveryFailed(logger, e.Message);
        }

        Log.Connected(logger, options.Bus, bus.UniqueName);
        bus.Start();
    }
}
