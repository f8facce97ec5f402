// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// Introspection of the Manager and of an Image object equals the real daemon's, byte for byte, in
/// each mode: the goldens are recordings of systemd-portabled 252 and 262 (busctl --xml-interface).
/// They differ only in the Image object's ReattachWithExtensions, which 252 published misspelled.
/// </summary>
public sealed class IntrospectionTests : IDisposable
{
    private readonly TempDirectory _root = new("portabled-root");
    private readonly PrivateBus _bus = new();
    private DaemonProcess? _daemon;

    public IntrospectionTests()
    {
        string image = _root["var/lib/portables/minimal-app"];
        Directory.CreateDirectory(_root["var/lib/portables"]);
        ProcessRunner.RunChecked("cp", "-a", Path.Join(SampleImages.Directory, "minimal-app"), image);
    }

    public void Dispose()
    {
        _daemon?.Dispose();
        _bus.Dispose();
        _root.Dispose();
    }

    [RequiresTheory("dbus-daemon", "busctl")]
    [InlineData("262", "/org/freedesktop/portable1", "introspect-manager-v262.xml")]
    [InlineData("262", "/org/freedesktop/portable1/image/minimal_2dapp", "introspect-image-v262.xml")]
    [InlineData("252", "/org/freedesktop/portable1", "introspect-manager-v252.xml")]
    [InlineData("252", "/org/freedesktop/portable1/image/minimal_2dapp", "introspect-image-v252.xml")]
    public void Introspect_EqualsUpstream(string version, string path, string golden)
    {
        Start(version);
        ProcessResult r = _bus.Busctl("--xml-interface", "introspect", "org.freedesktop.portable1", path);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Join(AppContext.BaseDirectory, "Golden", golden)), r.StandardOutput);
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void Tree_ListsImagesAndLogControl()
    {
        Start("262");
        ProcessResult r = _bus.Busctl("tree", "--list", "org.freedesktop.portable1");
        Assert.Equal(
            "/\n/org\n/org/freedesktop\n/org/freedesktop/LogControl1\n/org/freedesktop/portable1\n/org/freedesktop/portable1/image\n/org/freedesktop/portable1/image/minimal_2dapp\n",
            r.StandardOutput);
    }

    private void Start(string version) =>
        _daemon = new DaemonProcess(_bus, "--root=" + _root.Path, "--idle-exit=infinity", "--upstream-version=" + version);
}
