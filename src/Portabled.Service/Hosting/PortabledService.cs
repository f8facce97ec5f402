// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portabled.SdBus;

namespace Portabled.Service.Hosting;

/// <summary>
/// The daemon's life once it serves (<see cref="BusServing"/>, before the host exists): keep the
/// service manager informed, and leave after <see cref="DaemonOptions.IdleExit"/> without requests
/// (releasing the name first, so the next call bus-activates a fresh instance, as upstream does). A
/// lost bus connection ends the daemon too.
/// </summary>
internal sealed class PortabledService : IHostedService
{
    public const string BusName = "org.freedesktop.portable1";

    private readonly DaemonOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ISystemdNotifier _notifier;
    private readonly ILogger<PortabledService> _logger;
    private readonly MemoryTrimmer _trimmer = new();
    private BusConnection? _bus;

    /// <summary>Runs the life of <paramref name="bus"/>, already serving (<see cref="BusServing"/>).</summary>
    public PortabledService(DaemonOptions options, BusConnection bus, IHostApplicationLifetime lifetime, ISystemdNotifier notifier, ILogger<PortabledService> logger)
    {
        _options = options;
        _bus = bus;
        _lifetime = lifetime;
        _notifier = notifier;
        _logger = logger;
    }

    /// <summary>Exit code for the process: non-zero when the bus could not be served.</summary>
    public int ExitCode { get; private set; }

    /// <summary>Sets up the periodic duties on the bus thread and returns at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        BusConnection bus = _bus!;
        _notifier.Notify(new ServiceState("STATUS=Processing requests..."));
        TimeSpan? watchdog = WatchdogInterval();
        long lastPing = 0;
        // The periodic duties run on the bus thread, between calls: an idle daemon has no timer or
        // pool thread awake, and a ping sent from there shows that the loop itself still turns.
        bus.OnTick(TimeSpan.FromSeconds(1), () =>
        {
            long now = Environment.TickCount64;
            if (watchdog is { } interval && now - lastPing >= (long)interval.TotalMilliseconds / 2)
            {
                _notifier.Notify(new ServiceState("WATCHDOG=1"));
                lastPing = now;
            }

            _trimmer.OnTick(bus.LastActivity, now);
            if (IsIdle(bus))
            {
                Log.IdleExit(_logger, _options.IdleExit!.Value.TotalSeconds);
                bus.ReleaseName(BusName);
                bus.Stop();
            }
        });
        _ = StopWhenTheLoopEnds(bus);
        return Task.CompletedTask;
    }

    /// <summary>Ends the bus thread and closes the connection.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _bus?.Dispose();
        _bus = null;
        return Task.CompletedTask;
    }

    // The loop ends by the idle exit, by a lost connection, or by StopAsync; the first two stop the host.
    private async Task StopWhenTheLoopEnds(BusConnection bus)
    {
        try
        {
            await bus.Stopped.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.BusLost(_logger, e);
            ExitCode = 1;
        }

        _lifetime.StopApplication();
    }

    // sd_watchdog_enabled(): WATCHDOG_USEC, for us unless WATCHDOG_PID names another process.
    private static TimeSpan? WatchdogInterval()
    {
        string? pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (pid is not null && pid != Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return null;
        }

        return ulong.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), out ulong usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec)
            : null;
    }

    private bool IsIdle(BusConnection bus) =>
        _options.IdleExit is { } idle
        && bus.PendingOperations == 0
        && Environment.TickCount64 - bus.LastActivity >= (long)idle.TotalMilliseconds;
}
