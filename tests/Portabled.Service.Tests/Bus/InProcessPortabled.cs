// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portabled.Core;
using Portabled.Core.Host;
using Portabled.Core.Opening;
using Portabled.Core.Versions;
using Portabled.SdBus;
using Portabled.Service.Bus;
using Portabled.Service.Hosting;
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// The daemon's bus objects (Manager and Image objects, <see cref="PortableRequests"/>, the error
/// map) served in this process on a private bus, over a Core whose parts a test chooses: the image
/// opener, and a logger that counts Core's image lookups. A client connection calls it.
/// </summary>
internal sealed class InProcessPortabled : IDisposable
{
    private readonly TempDirectory _root = new("portabled-inproc");
    private readonly PrivateBus _bus = new();
    private readonly BusConnection _server;

    public InProcessPortabled(UpstreamVersion version, Func<HostLayout, IImageOpener>? opener = null)
    {
        Directory.CreateDirectory(_root["var/lib/portables"]);
        ProcessRunner.RunChecked("cp", "-a", Path.Join(SampleImages.Directory, "minimal-app"), _root["var/lib/portables/minimal-app"]);
        Directory.CreateDirectory(_root["usr/lib/systemd/portable/profile/default"]);
        File.WriteAllText(_root["usr/lib/systemd/portable/profile/default/service.conf"], "[Service]\nPrivateTmp=yes\n");
        var layout = new HostLayout(_root.Path);
        var core = new PortableManagerProvider(() => opener is null
            ? new PortableManager(layout, new NoUnitsActive(), version, Lookups)
            : new PortableManager(layout, new NoUnitsActive(), version, Lookups, opener(layout)));
        var requests = new PortableRequests(core, NullLogger<PortableRequests>.Instance);
        var manager = new ManagerObject(core, requests);
        var images = new ImageObject(core, requests);
        DBusException.AddErrorMap(BusErrors.ErrorNames);
        _server = BusConnection.Open(_bus.Address);
        _server.ExceptionMapper = e => BusErrors.Map(e, core.Manager.Behavior);
        _server.AddObject(ManagerObject.Path, manager.Interface);
        _server.AddFallback(BusWire.ImagePrefix, images.Interface(core.Manager.Behavior), images.Exists);
        _server.RequestName("org.freedesktop.portable1");
        _server.Start();
        Client = BusConnection.Open(_bus.Address);
    }

    /// <summary>A client connection to the same bus.</summary>
    public BusConnection Client { get; }

    /// <summary>Counts Core's image lookups by name (its "Image … found at …" debug messages).</summary>
    public LookupCounter Lookups { get; } = new();

    /// <summary>The root directory the daemon's host layout lives in.</summary>
    public TempDirectory Root => _root;

    public void Dispose()
    {
        Client.Dispose();
        _server.Dispose();
        _bus.Dispose();
        _root.Dispose();
    }

    /// <summary>busctl against the private bus.</summary>
    public ProcessResult Busctl(params string[] arguments) => _bus.Busctl(arguments);

    /// <summary>An <see cref="ILogger{T}"/> for Core that counts its ImageFound messages.</summary>
    internal sealed class LookupCounter : ILogger<PortableManager>
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == "ImageFound")
            {
                Interlocked.Increment(ref _count);
            }
        }
    }

    private sealed class NoUnitsActive : IUnitManager
    {
        public bool IsActive(string unitName) => false;
    }
}
