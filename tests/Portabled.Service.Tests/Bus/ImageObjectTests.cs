// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Versions;
using Portabled.SdBus;
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// The Image object's reattach method under both spellings: 252 published <c>ReattacheWithExtensions</c>,
/// 254+ <c>ReattachWithExtensions</c> with the typo as a hidden alias. Each mode introspects its own
/// release's spelling; both names work in both modes and do the same (docs/portable1-api.md,
/// "ReattachWithExtensions and ReattacheWithExtensions"). And the image is looked up once per call,
/// by sd-bus's object lookup: the property getters write what that lookup found and never search
/// the image search path themselves (before, every getter looked the image up again: GetAll was 1 +
/// 10 lookups on the bus thread).
/// </summary>
public sealed class ImageObjectTests : IDisposable
{
    private const string ImagePath = "/org/freedesktop/portable1/image/minimal_2dapp";
    private const string ImageInterface = "org.freedesktop.portable1.Image";
    private const string BusName = "org.freedesktop.portable1";
    private const string PropertiesInterface = "org.freedesktop.DBus.Properties";

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

    [RequiresFact("dbus-daemon")]
    public void GetAll_TenProperties_OneLookup()
    {
        using var daemon = new InProcessPortabled(UpstreamVersion.V262);
        int before = daemon.Lookups.Count;
        List<string> names = daemon.Client.Call(BusName, ImagePath, PropertiesInterface, "GetAll", w => w.String("org.freedesktop.portable1.Image"), ReadNames, TimeSpan.FromSeconds(20));
        Assert.Equal(["Name", "Path", "Type", "ReadOnly", "CreationTimestamp", "ModificationTimestamp", "Usage", "Limit", "UsageExclusive", "LimitExclusive"], names);
        Assert.Equal(1, daemon.Lookups.Count - before);
    }

    [RequiresTheory("dbus-daemon")]
    [InlineData("Name", "minimal-app")]
    [InlineData("Type", "directory")]
    public void Get_Property_OneLookupAndTheLookedUpValue(string property, string expected)
    {
        using var daemon = new InProcessPortabled(UpstreamVersion.V262);
        int before = daemon.Lookups.Count;
        string value = daemon.Client.Call(BusName, ImagePath, PropertiesInterface, "Get", w => w.String("org.freedesktop.portable1.Image").String(property),
            r => r.Enter('v', "s") ? r.String() : string.Empty, TimeSpan.FromSeconds(20));
        Assert.Equal(expected, value);
        Assert.Equal(1, daemon.Lookups.Count - before);
    }

    [RequiresFact("dbus-daemon")]
    public void Get_NoSuchImage_IsTheLookupError()
    {
        using var daemon = new InProcessPortabled(UpstreamVersion.V262);
        var e = Assert.Throws<DBusException>(() => daemon.Client.Call(BusName, "/org/freedesktop/portable1/image/nosuch", PropertiesInterface, "Get",
            w => w.String("org.freedesktop.portable1.Image").String("Name"), r => r.Skip(), TimeSpan.FromSeconds(20)));
        Assert.Equal("org.freedesktop.portable1.NoSuchImage", e.ErrorName);
        Assert.Equal("No image 'nosuch' found.", e.Message);
    }

    private static List<string> ReadNames(MessageReader r)
    {
        var names = new List<string>();
        r.Enter('a', "{sv}");
        while (r.Enter('e', "sv"))
        {
            names.Add(r.String());
            r.Skip("v");
            r.Exit();
        }

        r.Exit();
        return names;
    }

    private ProcessResult Call(string method, string signature, params string[] arguments) =>
        _bus.Busctl(signature.Length == 0
            ? ["call", "org.freedesktop.portable1", ImagePath, ImageInterface, method]
            : ["call", "org.freedesktop.portable1", ImagePath, ImageInterface, method, signature, .. arguments]);

    private void Start(string version) =>
        _daemon = new DaemonProcess(_bus, "--root=" + _root.Path, "--idle-exit=infinity", "--upstream-version=" + version);
}
