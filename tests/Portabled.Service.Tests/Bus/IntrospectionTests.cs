// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>Introspection of the Manager and of an Image object equals upstream 262's, byte for byte.</summary>
public sealed class IntrospectionTests : IDisposable
{
    private readonly TempDirectory _root = new("portabled-root");
    private readonly PrivateBus _bus = new();
    private readonly DaemonProcess _daemon;

    public IntrospectionTests()
    {
        string image = _root["var/lib/portables/minimal-app"];
        Directory.CreateDirectory(_root["var/lib/portables"]);
        ProcessRunner.RunChecked("cp", "-a", Path.Join(SampleImages.Directory, "minimal-app"), image);
        _daemon = new DaemonProcess(_bus, "--root=" + _root.Path, "--idle-exit=infinity");
    }

    public void Dispose()
    {
        _daemon.Dispose();
        _bus.Dispose();
        _root.Dispose();
    }

    [RequiresTheory("dbus-daemon", "busctl")]
    [InlineData("/org/freedesktop/portable1", "introspect-manager.xml")]
    [InlineData("/org/freedesktop/portable1/image/minimal_2dapp", "introspect-image.xml")]
    public void Introspect_EqualsUpstream262(string path, string golden)
    {
        ProcessResult r = _bus.Busctl("--xml-interface", "introspect", "org.freedesktop.portable1", path);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Join(AppContext.BaseDirectory, "Golden", golden)), r.StandardOutput);
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void Tree_ListsImagesAndLogControl()
    {
        ProcessResult r = _bus.Busctl("tree", "--list", "org.freedesktop.portable1");
        Assert.Equal(
            "/\n/org\n/org/freedesktop\n/org/freedesktop/LogControl1\n/org/freedesktop/portable1\n/org/freedesktop/portable1/image\n/org/freedesktop/portable1/image/minimal_2dapp\n",
            r.StandardOutput);
    }
}
