// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portabled.Service.Authorization;
using Portabled.Service.Bus;
using Portabled.Service.Hosting;
using Portabled.Service.Systemd;
using Serilog;
using Serilog.Core;

DaemonOptions options;
try
{
    options = DaemonOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

if (options.ShowHelp)
{
    Console.WriteLine(DaemonOptions.Usage);
    return 0;
}

if (options.ShowVersion)
{
    Console.WriteLine("portabled " + typeof(DaemonOptions).Assembly.GetName().Version);
    return 0;
}

try
{
    // A user instance needs HOME and XDG_RUNTIME_DIR (docs/user-scope.md): refuse before taking the name.
    ScopeFromEnvironment.Create(options.Scope);
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

// Like upstream: files we create get 0644/0755 whatever umask we inherited.
UmaskSetter.Set(0x12);

// The bus name is ours before the host exists (and installs its own signal handlers): a SIGTERM
// in that window must still end the daemon cleanly, not kill it.
using var terminate = new CancellationTokenSource();
using var onSigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Terminate);
using var onSigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Terminate);
var connector = new BusConnector(options.Bus, PortabledService.BusName);
// The version to copy may take a round trip to systemd: asked while the host is built (which also
// starts the thread pool before the first request needs it).
var units = new SystemdUnitManager(connector.Connection);
Task<Portabled.Core.Versions.UpstreamVersion> upstream = PortableManagerProvider.DetectInBackground(options, units);

// The empty builder: no configuration files, no environment scanning — start-up time matters
// for a bus-activated daemon that exits when idle. The names are given so the host does not find
// them by reflection over the entry assembly (a tenth of the start-up's instructions).
HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
{
    DisableDefaults = true,
    ApplicationName = "portabled",
    EnvironmentName = Environments.Production,
    ContentRootPath = "/",
});
var levelSwitch = new LoggingLevelSwitch();
builder.Services.AddSerilog(LoggingSetup.Create(options, levelSwitch), dispose: true);
// What AddSystemd() registers, decided by the environment systemd gives a service instead of
// AddSystemd()'s own probe (libc symbol lookups and reading the parent's /proc/PID/comm, on the
// first reply's path). Outside systemd the notifier is a no-op (no NOTIFY_SOCKET).
builder.Services.AddSingleton<ISystemdNotifier>(_ => new SdNotifySystemdNotifier());
if (Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 })
{
    builder.Services.AddSingleton<IHostLifetime>(sp => new SystemdLifetime(sp.GetRequiredService<IHostEnvironment>(),
        sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ISystemdNotifier>(), sp.GetRequiredService<ILoggerFactory>()));
}
else
{
    builder.Services.AddSingleton<IHostLifetime>(_ => new ProgramLifetime());
}

// Every service made by a factory: the container then never inspects constructors by reflection
// (slow and allocating under NativeAOT, and all of it before the first reply).
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(connector);
builder.Services.AddSingleton(levelSwitch);
builder.Services.AddSingleton(units);
builder.Services.AddSingleton(sp => new PortableManagerProvider(options, units, upstream, sp.GetRequiredService<ILoggerFactory>()));
builder.Services.AddSingleton(sp => new CallAuthorizer(sp.GetRequiredService<PortableManagerProvider>()));
builder.Services.AddSingleton(sp => new PortableRequests(sp.GetRequiredService<PortableManagerProvider>(), sp.GetRequiredService<CallAuthorizer>(),
    sp.GetRequiredService<ILoggerFactory>().CreateLogger<PortableRequests>()));
builder.Services.AddSingleton(sp => new ManagementRequests(sp.GetRequiredService<PortableManagerProvider>(), sp.GetRequiredService<CallAuthorizer>()));
builder.Services.AddSingleton(sp => new ManagerObject(sp.GetRequiredService<PortableManagerProvider>(), sp.GetRequiredService<PortableRequests>(),
    sp.GetRequiredService<ManagementRequests>()));
builder.Services.AddSingleton(sp => new ImageObject(sp.GetRequiredService<PortableManagerProvider>(), sp.GetRequiredService<PortableRequests>(),
    sp.GetRequiredService<ManagementRequests>()));
builder.Services.AddSingleton(_ => new LogControlObject(levelSwitch));
builder.Services.AddSingleton(sp => new PortabledService(options, sp.GetRequiredService<ManagerObject>(), sp.GetRequiredService<ImageObject>(),
    sp.GetRequiredService<LogControlObject>(), sp.GetRequiredService<PortableManagerProvider>(), connector,
    sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ISystemdNotifier>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<PortabledService>()));
builder.Services.AddHostedService(sp => sp.GetRequiredService<PortabledService>());
// The host's own services that would otherwise be built by reflection before the first reply:
// HostOptions through the options pipeline, and the start-up validator of options we never
// validate (together about 0.7 MB of start-up allocations; docs/benchmarks.md, "Daemon memory").
builder.Services.RemoveAll<IStartupValidator>();
builder.Services.Replace(ServiceDescriptor.Singleton(Options.Create(new HostOptions { ShutdownTimeout = TimeSpan.FromSeconds(10) })));

using IHost host = builder.Build();
PortabledService service = host.Services.GetRequiredService<PortabledService>();
try
{
    await host.RunAsync(terminate.Token).ConfigureAwait(false);
}
catch (OperationCanceledException) when (terminate.IsCancellationRequested)
{
    return 0;
}
catch (Portabled.SdBus.DBusException e)
{
    // Upstream's wording for the usual case (no bus, or the name is taken).
    Console.Error.WriteLine($"Failed to {connector.Step}: {e.Message}");
    return 1;
}

return service.ExitCode;

void Terminate(PosixSignalContext context)
{
    context.Cancel = true;
    terminate.Cancel();
}
