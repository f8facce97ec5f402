// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Systemd;

/// <summary>
/// The daemon remembers the service manager's version in <c>/run/systemd/.portabled-version</c>
/// under the bus's ID and the manager's unique name; the next start on that bus, with that manager,
/// takes it from there instead of waiting for systemd, and any other start asks again. Which
/// version is used shows in the Image object's introspection (252 publishes its reattach typo).
/// </summary>
public sealed class RememberedManagerVersionTests : IDisposable
{
    private readonly TempDirectory _root = new("portabled-root");
    private readonly PrivateBus _bus;

    public RememberedManagerVersionTests()
    {
        Directory.CreateDirectory(_root["var/lib/portables/app/usr/lib"]);
        File.WriteAllText(_root["var/lib/portables/app/usr/lib/os-release"], "ID=app\n");
        Directory.CreateDirectory(_root["run/systemd"]);
        _bus = new PrivateBus(new Dictionary<string, string>
        {
            ["org.freedesktop.systemd1"] = $"/usr/bin/env STUB_SYSTEMD_VERSION=252.39-1~deb12u2 STUB_PROPERTY_LOG={_root["stub-properties.log"]} {PortabledCommands.StubSystemd1}",
            ["org.freedesktop.portable1"] = $"{PortabledCommands.Daemon} --root={_root.Path} --idle-exit=1",
        });
        // As on a real host, the manager is on the bus before the daemon starts.
        Assert.Equal("s \"252.39-1~deb12u2\"\n", _bus.Busctl("get-property", "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
            "org.freedesktop.systemd1.Manager", "Version").StandardOutput);
    }

    private string CacheFile => _root["run/systemd/.portabled-version"];

    // How often the manager's Version was read (the constructor reads it once).
    private int VersionReads => File.ReadAllLines(_root["stub-properties.log"]).Count(line => line == "Version");

    // The bus's ID as sd-bus knows it: the GUID of its authentication reply.
    private string Key => _bus.ServerGuid + " " + BusCall("GetNameOwner", "s", "org.freedesktop.systemd1");

    public void Dispose()
    {
        _bus.Dispose();
        _root.Dispose();
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void FirstStart_AsksAndRemembers()
    {
        Assert.Matches("^[0-9a-f]{32}$", _bus.ServerGuid);
        Assert.Equal("252", Behaviour());
        Assert.Equal(Key + "\n252.39-1~deb12u2\n", File.ReadAllText(CacheFile));
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void NextStart_SameBusAndManager_UsesTheRememberedVersion()
    {
        Assert.Equal("252", Behaviour());
        WaitForIdleExit();
        // What the file says wins over what the manager would answer: it was not asked.
        File.WriteAllText(CacheFile, Key + "\n262.1\n");
        int reads = VersionReads;
        Assert.Equal("262", Behaviour());
        Assert.Equal(Key + "\n262.1\n", File.ReadAllText(CacheFile));
        // Not even asked without waiting: the start that knows the version leaves systemd alone.
        Assert.Equal(reads, VersionReads);
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void FirstStart_NothingRemembered_AsksOnce()
    {
        int reads = VersionReads;
        Assert.Equal("252", Behaviour());
        Assert.Equal(reads + 1, VersionReads);
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void NextStart_OtherManager_AsksAgainAndRemembersAnew()
    {
        File.WriteAllText(CacheFile, _bus.ServerGuid + " :1.9999\n262.1\n");
        Assert.Equal("252", Behaviour());
        Assert.Equal(Key + "\n252.39-1~deb12u2\n", File.ReadAllText(CacheFile));
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void NextStart_OtherBus_AsksAgain()
    {
        File.WriteAllText(CacheFile, "0123456789abcdef0123456789abcdef " + BusCall("GetNameOwner", "s", "org.freedesktop.systemd1") + "\n262.1\n");
        Assert.Equal("252", Behaviour());
        Assert.Equal(Key + "\n252.39-1~deb12u2\n", File.ReadAllText(CacheFile));
    }

    // Activates the daemon if it is not running and tells which release its Image object copies.
    private string Behaviour()
    {
        ProcessResult r = _bus.Busctl("introspect", "--xml-interface", "org.freedesktop.portable1", "/org/freedesktop/portable1/image/app");
        Assert.True(r.ExitCode == 0, r.StandardError);
        return r.StandardOutput.Contains("\"ReattacheWithExtensions\"", StringComparison.Ordinal) ? "252"
            : r.StandardOutput.Contains("\"ReattachWithExtensions\"", StringComparison.Ordinal) ? "262"
            : throw new InvalidOperationException("no reattach method introspected:\n" + r.StandardOutput);
    }

    private string BusCall(string method, params string[] arguments)
    {
        ProcessResult r = _bus.Busctl(["call", "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", method, .. arguments]);
        Assert.True(r.ExitCode == 0, r.StandardError);
        string reply = r.StandardOutput.Trim();
        Assert.StartsWith("s \"", reply, StringComparison.Ordinal);
        return reply[3..^1];
    }

    private void WaitForIdleExit()
    {
        DateTime end = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (_bus.Busctl("status", "org.freedesktop.portable1").ExitCode == 0)
        {
            Assert.True(DateTime.UtcNow < end, "the daemon did not exit when idle");
            Thread.Sleep(100);
        }
    }
}
