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
/// take a call to systemd (<see cref="DetectVersion"/>), made on the bus thread while the main thread
/// makes the rest, so its round trip overlaps that work.
/// </summary>
public sealed class PortableManagerProvider
{
    private readonly Lazy<PortableManager> _manager;

    /// <summary>Creates the provider of a manager that copies the version <paramref name="upstream"/> yields.</summary>
    public PortableManagerProvider(DaemonOptions options, SystemdUnitManager units, Task<UpstreamVersion> upstream, ILoggerFactory loggers)
    {
        _manager = new Lazy<PortableManager>(() =>
        {
            UpstreamVersion version = upstream.GetAwaiter().GetResult();
            Log.UpstreamVersionChosen(loggers.CreateLogger<PortableManagerProvider>(), version);
            var layout = new HostLayout(options.Root, ScopeFromEnvironment.Create(options.Scope)) { WriteSteps = TestHooks.FromEnvironment() };
            return new PortableManager(layout, units, version, loggers.CreateLogger<PortableManager>());
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Creates the provider of a manager made by <paramref name="create"/> (in-process hosts, tests).</summary>
    internal PortableManagerProvider(Func<PortableManager> create)
    {
        _manager = new Lazy<PortableManager>(create, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The manager (created on first access).</summary>
    public PortableManager Manager => _manager.Value;

    /// <summary>
    /// Decides the upstream version to copy. It may call systemd on the daemon's connection, so it
    /// runs on the bus thread before that thread serves (<see cref="BusServing"/>).
    /// </summary>
    public static UpstreamVersion DetectVersion(DaemonOptions options, SystemdUnitManager units) =>
        // User scope exists since 260: a user instance always behaves as 262 (docs/user-scope.md).
        options.Scope == RuntimeScope.User
            ? UpstreamVersion.V262
            : UpstreamVersionDetector.Detect(options.UpstreamVersion, units.GetManagerVersion, options.Root);
}
