// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Logging;
using Portabled.Core.Host;
using Portabled.Core.Scope;
using Portabled.Core.Versions;
using Portabled.Core;
using Portabled.Service.Systemd;

namespace Portabled.Service.Hosting;

/// <summary>
/// Creates the Core <see cref="PortableManager"/> on first use. Which upstream version it copies may
/// take a call to systemd (<see cref="BeginDetectVersion"/>), made on the bus thread while the main thread
/// makes the rest, so its round trip overlaps that work.
/// </summary>
public sealed class PortableManagerProvider
{
    private readonly Lazy<PortableManager> _manager;
    private readonly HostLayout? _layout;
    private readonly ILogger<PortableManager>? _logger;
    private RecoveryResult? _recovered;

    /// <summary>Creates the provider of a manager that copies the version <paramref name="upstream"/> yields.</summary>
    public PortableManagerProvider(DaemonOptions options, SystemdUnitManager units, Task<UpstreamVersion> upstream, ILoggerFactory loggers)
    {
        HostLayout layout = new(options.Root, ScopeFromEnvironment.Create(options.Scope)) { WriteSteps = TestHooks.FromEnvironment() };
        ILogger<PortableManager> logger = loggers.CreateLogger<PortableManager>();
        _layout = layout;
        _logger = logger;
        _manager = new Lazy<PortableManager>(() =>
        {
            UpstreamVersion version = upstream.GetAwaiter().GetResult();
            Log.UpstreamVersionChosen(loggers.CreateLogger<PortableManagerProvider>(), version);
            var manager = new PortableManager(layout, units, version, logger);
            if (_recovered is { } recovered)
            {
                manager.AdoptRecovery(recovered);
            }

            return manager;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Creates the provider of a manager made by <paramref name="create"/> (in-process hosts, tests).</summary>
    internal PortableManagerProvider(Func<PortableManager> create)
    {
        _manager = new Lazy<PortableManager>(create, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// Runs the start-up recovery pass before the manager exists (<see cref="PortableManager.RecoverHost"/>);
    /// the manager takes its result over. Call before the first access to <see cref="Manager"/>.
    /// </summary>
    public void RecoverHost() => _recovered = PortableManager.RecoverHost(_layout!, _logger!);

    /// <summary>The manager (created on first access).</summary>
    public PortableManager Manager => _manager.Value;

    /// <summary>
    /// Starts deciding the upstream version to copy and returns the function that finishes. It may
    /// ask systemd on the daemon's connection, so both run on the bus thread before that thread
    /// serves (<see cref="BusServing"/>); the question is sent at once, and what the thread does
    /// before it asks for the answer overlaps the round trip.
    /// </summary>
    public static Func<UpstreamVersion> BeginDetectVersion(DaemonOptions options, SystemdUnitManager units)
    {
        // User scope exists since 260: a user instance always behaves as 262 (docs/user-scope.md).
        if (options.Scope == RuntimeScope.User)
        {
            return () => UpstreamVersion.V262;
        }

        // Only "auto" asks systemd; the question goes out now.
        Func<string> managerVersion = options.UpstreamVersion == "auto" ? units.BeginGetManagerVersion(new ManagerVersionCache(new HostLayout(options.Root))) : () => string.Empty;
        return () => UpstreamVersionDetector.Detect(options.UpstreamVersion, managerVersion, options.Root);
    }
}
