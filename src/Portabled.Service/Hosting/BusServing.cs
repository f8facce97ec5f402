// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Logging;
using Portabled.Core;
using Portabled.Core.Errors;
using Portabled.Core.Versions;
using Portabled.SdBus;
using Portabled.Service.Bus;

namespace Portabled.Service.Hosting;

/// <summary>
/// Brings the daemon onto its bus, before the host is built: a bus-activated daemon's first caller
/// is waiting, and building the host is not needed to answer it. Everything happens on the bus
/// thread, the connection's only user. As upstream, the name is asked for with the connection's
/// Hello; with them goes the question which version to copy. Meanwhile the main thread makes logging
/// and the bus objects, hands them over and recovers an interrupted operation, while the bus thread
/// lays out their member tables; once the pass is done the objects are registered and the thread
/// serves. A call that arrives before (the one that activated the daemon) is held until then
/// (<see cref="BusConnection.HoldCalls"/>).
/// </summary>
internal sealed class BusServing
{
    private readonly TaskCompletionSource<UpstreamVersion> _version = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _named = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ServedObjects> _objects = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly BusConnection _bus;
    private readonly string _busSpec;

    private BusServing(BusConnection bus, string busSpec)
    {
        _bus = bus;
        _busSpec = busSpec;
    }

    /// <summary>The version to copy, once the bus thread has asked.</summary>
    public Task<UpstreamVersion> Version => _version.Task;

    /// <summary>Completes when the name is ours (calls are served once the objects are registered); faults with why not.</summary>
    public Task Named => _named.Task;

    /// <summary>What the bus thread was doing (for the one-line start-up error).</summary>
    public string Step { get; private set; } = "start";

    /// <summary>
    /// Starts the bus thread on <paramref name="bus"/> (<c>--bus=</c> <paramref name="busSpec"/>):
    /// it starts the version question with <paramref name="beginDetectVersion"/> (whose result waits
    /// for the answer), asks for the name and waits for <see cref="Serve"/>. The process must handle
    /// SIGTERM by then: a caller that sees the name may stop the daemon at once.
    /// </summary>
    public static BusServing Begin(BusConnection bus, string busSpec, Func<Func<UpstreamVersion>> beginDetectVersion)
    {
        var serving = new BusServing(bus, busSpec);
        bus.Start(() => serving.Prologue(beginDetectVersion));
        return serving;
    }

    /// <summary>The start-up step of connecting to <paramref name="busSpec"/>, as the error names it.</summary>
    public static string ConnectStep(string busSpec) => busSpec is "system" or "user" ? $"connect to {busSpec} bus" : $"connect to bus '{busSpec}'";

    /// <summary>
    /// Hands the bus thread what it serves (it lays out their member tables, registers them once the
    /// recovery pass is done, and serves), then recovers an interrupted operation.
    /// </summary>
    public void Serve(PortableManagerProvider core, ManagerObject manager, ImageObject images, LogControlObject logControl, ILogger logger)
    {
        var served = new ServedObjects(core, manager.Interface, logControl.Interface,
            images.Interface(UpstreamBehavior.V252), images.Interface(UpstreamBehavior.V262), images, logger);
        // Handed over at once: the bus thread lays out the member tables while this one recovers.
        _objects.TrySetResult(served);
        try
        {
            // Here, in parallel with the bus thread: the pass needs neither the bus nor the version,
            // and it is done before anything is served or the version is remembered (whose leftover
            // temporaries it sweeps).
            Recover(served);
        }
        finally
        {
            _recovered.TrySetResult();
        }
    }

    private void Prologue(Func<Func<UpstreamVersion>> beginDetectVersion)
    {
        try
        {
            Step = ConnectStep(_busSpec);
            using (_bus.HoldCalls())
            {
                // Asked for with the Hello and the version question, as upstream asks with its Hello:
                // a call that comes once the name is ours is held until everything below is registered.
                Func<UpstreamVersion> version = beginDetectVersion();
                _bus.RequestNameAsync(PortabledService.BusName, NameAnswered);
                // Once the bus has accepted the connection, both questions are out.
                string uniqueName = _bus.UniqueName;
                ServedObjects served = _objects.Task.GetAwaiter().GetResult();
                // The tables that do not depend on the version, while the recovery pass runs; the
                // Image table is laid out when registered, in the version's spelling only.
                served.Manager.Prepare();
                served.LogControl.Prepare();
                _recovered.Task.GetAwaiter().GetResult();
                _version.TrySetResult(version());
                Register(served);
                Log.Connected(served.Logger, _busSpec, uniqueName);
            }
        }
        catch (Exception e)
        {
            _version.TrySetException(e);
            _named.TrySetException(e);
            _bus.Stop();
        }
    }

    private void NameAnswered(DBusException? refused)
    {
        if (refused is null)
        {
            _named.TrySetResult();
            return;
        }

        Step = "request name " + PortabledService.BusName;
        _named.TrySetException(refused);
        _bus.Stop();
    }

    private void Register(ServedObjects served)
    {
        // The manager waits for the version, known by now.
        PortableManager manager = served.Core.Manager;
        DBusException.AddErrorMap(BusErrors.ErrorNames);
        _bus.ExceptionMapper = e => BusErrors.Map(e, manager.Behavior);
        _bus.UnexpectedException = e => Log.UnexpectedFailure(served.Logger, e);
        _bus.AddObject(ManagerObject.Path, served.Manager);
        _bus.AddObject(LogControlObject.Path, served.LogControl);
        // The version we reproduce decides the Image member table.
        BusInterface images = manager.Behavior.Version == UpstreamVersion.V252 ? served.Images252 : served.Images262;
        _bus.AddFallback(BusWire.ImagePrefix, images, served.ImageObject.Exists);
        _bus.AddNodeEnumerator(BusWire.ImagePrefix, served.ImageObject.Enumerate);
    }

    // Before the first request: an operation a crash interrupted is completed or undone
    // (docs/reliability.md, "Recovery"). One that cannot be yet (a read-only file system) is left
    // for the next operation, which tries again and fails until it can.
    private static void Recover(ServedObjects served)
    {
        try
        {
            served.Core.RecoverHost();
        }
        catch (Exception e) when (e is PortableException or IOException or UnauthorizedAccessException)
        {
            Log.RecoveryFailed(served.Logger, e.Message);
        }
    }

    private sealed record ServedObjects(PortableManagerProvider Core, BusInterface Manager, BusInterface LogControl,
        BusInterface Images252, BusInterface Images262, ImageObject ImageObject, ILogger Logger);
}
