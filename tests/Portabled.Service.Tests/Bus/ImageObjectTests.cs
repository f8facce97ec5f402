// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// The Image object's reattach method under both spellings: 252 published <c>ReattacheWithExtensions</c>,
/// 254+ <c>ReattachWithExtensions</c> with the typo as a hidden alias. Each mode introspects its own
/// release's spelling; both names work in both modes and do the same (docs/portable1-api.md,
/// "ReattachWithExtensions and ReattacheWithExtensions").
/// </summary>
public sealed class ImageObjectTests : IDisposable
{
    private const string ImagePath = "/org/freedesktop/portable1/image/minimal_2dapp";
    private const string ImageInterface = "org.freedesktop.portable1.Image";

    private readonly TempDirectory _root = new("portabled-root");
    private readonly PrivateBus _bus = new();
    private DaemonProcess? _daemon;

    public ImageObjectTests()
    {
        Directory.CreateDirectory(_root["var/lib/portables"]);
        ProcessRunner.RunChecked("cp", "-a", Path.Join(SampleImages.Directory, "minimal-app"), _root["var/lib/portables/minimal-app"]);
        // 262 refuses a profile that does not exist; an empty one is enough.
        Directory.CreateDirectory(_root["usr/lib/systemd/portable/profile/default"]);
        File.WriteAllText(_root["usr/lib/systemd/portable/profile/default/service.conf"], "[Service]\n");
    }

    public void Dispose()
    {
        _daemon?.Dispose();
        _bus.Dispose();
        _root.Dispose();
    }

    [RequiresTheory("dbus-daemon", "busctl")]
    [InlineData("252", "ReattacheWithExtensions", "ReattachWithExtensions")]
    [InlineData("262", "ReattachWithExtensions", "ReattacheWithExtensions")]
    public void Introspect_PublishesOneSpelling(string version, string published, string hidden)
    {
        Start(version);
        ProcessResult r = _bus.Busctl("--xml-interface", "introspect", "org.freedesktop.portable1", ImagePath);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"<method name=\"{published}\">", r.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain($"<method name=\"{hidden}\">", r.StandardOutput, StringComparison.Ordinal);
    }

    [RequiresTheory("dbus-daemon", "busctl")]
    [InlineData("252", "ReattacheWithExtensions")]
    [InlineData("252", "ReattachWithExtensions")]
    [InlineData("262", "ReattacheWithExtensions")]
    [InlineData("262", "ReattachWithExtensions")]
    public void Reattach_EitherSpelling_ReattachesTheImage(string version, string method)
    {
        Start(version);
        // FORCE_ATTACH: no service manager on this bus to ask whether the units are active.
        ProcessResult attach = Call("AttachWithExtensions", "asassst", "0", "0", "default", "", "2");
        Assert.True(attach.ExitCode == 0, attach.StandardError);
        Assert.Contains("minimal-app.service", attach.StandardOutput, StringComparison.Ordinal);

        ProcessResult reattach = Call(method, "asassst", "0", "0", "default", "", "0");
        Assert.True(reattach.ExitCode == 0, reattach.StandardError);
        // (changes_removed, changes_updated): nothing is gone, the unit files are written again.
        Assert.StartsWith("a(sss)a(sss) 0 ", reattach.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"copy\" \"/etc/systemd/system.attached/minimal-app.service\"", reattach.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(_root["etc/systemd/system.attached/minimal-app.service"]));
    }

    [RequiresTheory("dbus-daemon", "busctl")]
    [InlineData("252")]
    [InlineData("262")]
    public void Reattach_BothSpellingsOfNothingAttached_SameError(string version)
    {
        Start(version);
        ProcessResult typo = Call("ReattacheWithExtensions", "asassst", "0", "0", "default", "", "0");
        ProcessResult correct = Call("ReattachWithExtensions", "asassst", "0", "0", "default", "", "0");
        Assert.NotEqual(0, typo.ExitCode);
        Assert.Contains("No unit files associated with '/var/lib/portables/minimal-app' found attached to the system. Image not attached?", correct.StandardError, StringComparison.Ordinal);
        Assert.Equal(correct.StandardError, typo.StandardError);
    }

    private ProcessResult Call(string method, string signature, params string[] arguments) =>
        _bus.Busctl(signature.Length == 0
            ? ["call", "org.freedesktop.portable1", ImagePath, ImageInterface, method]
            : ["call", "org.freedesktop.portable1", ImagePath, ImageInterface, method, signature, .. arguments]);

    private void Start(string version) =>
        _daemon = new DaemonProcess(_bus, "--root=" + _root.Path, "--idle-exit=infinity", "--upstream-version=" + version);
}
