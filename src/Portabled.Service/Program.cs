// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
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

// The empty builder: no configuration files, no environment scanning — start-up time matters
// for a bus-activated daemon that exits when idle.
HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
var levelSwitch = new LoggingLevelSwitch();
builder.Services.AddSerilog(LoggingSetup.Create(options, levelSwitch), dispose: true);
// What AddSystemd() registers, decided by the environment systemd gives a service instead of
// AddSystemd()'s own probe (libc symbol lookups and reading the parent's /proc/PID/comm, on the
// first reply's path). Outside systemd the notifier is a no-op (no NOTIFY_SOCKET).
builder.Services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
if (Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 })
{
    builder.Services.AddSingleton<IHostLifetime, SystemdLifetime>();
}
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(connector);
builder.Services.AddSingleton(levelSwitch);
builder.Services.AddSingleton(_ => new SystemdUnitManager(connector.Connection));
builder.Services.AddSingleton<PortableManagerProvider>();
builder.Services.AddSingleton<CallAuthorizer>();
builder.Services.AddSingleton<PortableRequests>();
builder.Services.AddSingleton<ManagementRequests>();
builder.Services.AddSingleton<ManagerObject>();
builder.Services.AddSingleton<ImageObject>();
builder.Services.AddSingleton<LogControlObject>();
builder.Services.AddSingleton<PortabledService>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<PortabledService>());
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

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
