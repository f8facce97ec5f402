// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Host;
using Portabled.Core.Images;
using Portabled.Core.Opening;
using Portabled.Core.Versions;
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// The bus layer does no Core work of its own: after a successful attach it logs the image Core
/// attached (Core returns it) instead of looking the image up again, so a lookup that would fail
/// by then cannot turn the successful attach into an error reply.
/// </summary>
public sealed class PortableRequestsTests
{
    [RequiresTheory("dbus-daemon")]
    [InlineData(UpstreamVersion.V252)]
    [InlineData(UpstreamVersion.V262)]
    public void Attach_ImageGoneOnceExtracted_RefusedWithNothingWritten(UpstreamVersion version)
    {
        // The image directory is moved away as soon as Core has read it: drop-ins naming it would
        // name nothing, so the attach is refused and undone (docs/reliability.md, "Faults other than
        // crashes"; upstream attaches regardless, docs/differences.md).
        using var daemon = new InProcessPortabled(version, layout => new MovingAwayOpener(layout));
        var e = Assert.Throws<Portabled.SdBus.DBusException>(() => daemon.Client.Call("org.freedesktop.portable1", "/org/freedesktop/portable1",
            "org.freedesktop.portable1.Manager", "AttachImage",
            w => w.String("minimal-app").StringArray([]).String("default").Boolean(false).String(string.Empty),
            r => CountChanges(r), TimeSpan.FromSeconds(30)));
        Assert.Equal("Image '/var/lib/portables/minimal-app' disappeared while it was being attached, refusing.", e.Message);
        Assert.False(Directory.Exists(daemon.Root["var/lib/portables/minimal-app"]));
        Assert.False(File.Exists(daemon.Root["etc/systemd/system.attached/minimal-app.service"]));
        Assert.False(Directory.Exists(daemon.Root["etc/systemd/system.attached/minimal-app.service.d"]));
    }

    private static int CountChanges(Portabled.SdBus.MessageReader r)
    {
        int n = 0;
        r.Enter('a', "(sss)");
        while (r.Enter('r', "sss"))
        {
            r.String();
            r.String();
            r.String();
            r.Exit();
            n++;
        }

        r.Exit();
        return n;
    }

    // Opens directory images like the daemon, and moves each image out of the search path when
    // Core closes it.
    private sealed class MovingAwayOpener(HostLayout layout) : IImageOpener
    {
        private readonly DirectoryImageOpener _inner = new(layout);

        public OpenedImage Open(PortableImage image)
        {
            OpenedImage opened = _inner.Open(image);
            return new OpenedImage(opened.FileSystem, opened.Policy, new MoveOnDispose(layout.ToHost(image.Path)));
        }
    }

    private sealed class MoveOnDispose(string hostPath) : IDisposable
    {
        public void Dispose() => Directory.Move(hostPath, hostPath + ".gone");
    }
}
