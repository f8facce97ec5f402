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
using Portabled.SdBus;
using Portabled.Service.Systemd;
using Serilog.Extensions.Logging;
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

// Before the bus thread may ask for the name: a caller that sees the name may stop the daemon at
// once, and from here a SIGTERM ends it cleanly instead of killing it (the host installs its own
// handlers only later). Here rather than in parallel with the connection: the bus thread would
// otherwise wait for this thread, and waking it costs more than the registration (docs/benchmarks.md).
using var terminate = new CancellationTokenSource();
using var onSigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Terminate);
using var onSigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Terminate);

BusConnection bus;
try
{
    bus = BusConnection.Connect(options.Bus);
}
catch (DBusException e)
{
    Console.Error.WriteLine($"Failed to {BusServing.ConnectStep(options.Bus)}: {e.Message}");
    return 1;
}

// The bus thread starts right away (BusServing): while it asks for the name and the version to
// copy, this thread makes logging and the bus objects and runs the recovery pass; the bus thread
// lays out their tables, registers them and serves. The host is built after, once the bus is quiet,
// and given the same instances.
var units = new SystemdUnitManager(Task.FromResult(bus));
BusServing serving = BusServing.Begin(bus, options.Bus, () => PortableManagerProvider.BeginDetectVersion(options, units));

var levelSwitch = new LoggingLevelSwitch();
using var loggers = new SerilogLoggerFactory(LoggingSetup.Create(options, levelSwitch), dispose: true);
var core = new PortableManagerProvider(options, units, serving.Version, loggers);
var authorizer = new CallAuthorizer(core);
var requests = new PortableRequests(core, authorizer, loggers.CreateLogger<PortableRequests>());
var management = new ManagementRequests(core, authorizer);
serving.Serve(core, new ManagerObject(core, requests, management), new ImageObject(core, requests, management),
    new LogControlObject(levelSwitch), loggers.CreateLogger<PortabledService>());
try
{
    serving.Named.GetAwaiter().GetResult();
}
catch (DBusException e)
{
    // Upstream's wording for the usual case (the bus refused us, or the name is taken).
    Console.Error.WriteLine($"Failed to {serving.Step}: {e.Message}");
    return 1;
}

QuietBus.Wait(bus, terminate.Token);

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
builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(loggers));
// What AddSystemd() registers, decided by the environment systemd gives a service instead of
// AddSystemd()'s own probe (libc symbol lookups and reading the parent's /proc/PID/comm at every
// start). Outside systemd the notifier is a no-op (no NOTIFY_SOCKET).
builder.Services.AddSingleton<ISystemdNotifier>(_ => new SdNotifySystemdNotifier());
if (Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 })
{
    builder.Services.AddSingleton<IHostLifetime>(sp => new SystemdLifetime(sp.GetRequiredService<IHostEnvironment>(),
        sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ISystemdNotifier>(), loggers));
}
else
{
    builder.Services.AddSingleton<IHostLifetime>(_ => new ProgramLifetime());
}

// The objects serving the bus exist already (above); the host runs the daemon's life in
// PortabledService, made by a factory so the container never inspects constructors by reflection.
builder.Services.AddSingleton(sp => new PortabledService(options, bus, sp.GetRequiredService<IHostApplicationLifetime>(),
    sp.GetRequiredService<ISystemdNotifier>(), loggers.CreateLogger<PortabledService>()));
builder.Services.AddHostedService(sp => sp.GetRequiredService<PortabledService>());
// The host's own services that would otherwise be built by reflection at start:
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

return service.ExitCode;

void Terminate(PosixSignalContext context)
{
    context.Cancel = true;
    terminate.Cancel();
}
