// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Logging;
using Portabled.Core.Host;
using Portabled.Core.Scope;
using Portabled.Core.Versions;
using Portabled.Core;
using Portabled.Service.Systemd;

namespace Portabled.Service.Hosting;

/// <summary>
/// Creates the Core <see cref="PortableManager"/> on first use: deciding the upstream version may
/// ask systemd over the bus, which must not delay taking the bus name at start-up.
/// </summary>
public sealed class PortableManagerProvider
{
    private readonly Lazy<PortableManager> _manager;

    /// <summary>Creates the provider.</summary>
    public PortableManagerProvider(DaemonOptions options, SystemdUnitManager units, ILoggerFactory loggers)
    {
        _manager = new Lazy<PortableManager>(() =>
        {
            // User scope exists since 260: a user instance always behaves as 262 (docs/user-scope.md).
            UpstreamVersion version = options.Scope == RuntimeScope.User
                ? UpstreamVersion.V262
                : UpstreamVersionDetector.Detect(options.UpstreamVersion, units.GetManagerVersion, options.Root);
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
}
