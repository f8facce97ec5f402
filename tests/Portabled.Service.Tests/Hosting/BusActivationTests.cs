// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Hosting;

/// <summary>Like upstream: bus-activated, leaves when idle (releasing its name), activated again by the next call.</summary>
public sealed class BusActivationTests
{
    private const string Python = "/usr/bin/python3";

    [RequiresFact("dbus-daemon", "busctl")]
    public void IdleExit_ThenNextCall_ReactivatesDaemon()
    {
        using var root = new TempDirectory("portabled-root");
        Directory.CreateDirectory(root["var/lib/portables"]);
        using var bus = new PrivateBus(new Dictionary<string, string>
        {
            ["org.freedesktop.portable1"] = $"{PortabledCommands.Daemon} --root={root.Path} --idle-exit=1",
        });

        ProcessResult first = bus.Busctl("call", "org.freedesktop.portable1", "/org/freedesktop/portable1", "org.freedesktop.portable1.Manager", "ListImages");
        Assert.Equal("a(ssbtttso) 0\n", first.StandardOutput);
        string owner1 = Owner(bus);
        Assert.NotEqual(string.Empty, owner1);

        WaitUntil(() => bus.Busctl("status", "org.freedesktop.portable1").ExitCode != 0, TimeSpan.FromSeconds(15));

        ProcessResult second = bus.Busctl("get-property", "org.freedesktop.portable1", "/org/freedesktop/portable1", "org.freedesktop.portable1.Manager", "PoolPath");
        Assert.Equal("s \"/var/lib/portables\"\n", second.StandardOutput);
        Assert.NotEqual(owner1, Owner(bus));
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void Sigterm_ExitsCleanlyAndReleasesName()
    {
        using var root = new TempDirectory("portabled-root");
        using var bus = new PrivateBus();
        using var daemon = new DaemonProcess(bus, "--root=" + root.Path, "--idle-exit=infinity");
        ProcessRunner.RunChecked("kill", "-TERM", daemon.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(daemon.Process.WaitForExit(10_000), "daemon did not exit on SIGTERM");
        Assert.Equal(0, daemon.Process.ExitCode);
        Assert.NotEqual(0, bus.Busctl("status", "org.freedesktop.portable1").ExitCode);
    }

    // The bus thread asks for the name while the main thread still sets up: the SIGTERM handler
    // must be in place by then, or a caller that stops the daemon as soon as it sees the name kills it.
    [RequiresFact("dbus-daemon", "busctl", Python)]
    public void SigtermTheMomentTheNameAppears_ExitsCleanly()
    {
        using var root = new TempDirectory("portabled-root");
        using var bus = new PrivateBus();
        string driver = Path.Join(AppContext.BaseDirectory, "Scenarios", "sigterm-at-name.py");
        string[] daemon = PortabledCommands.Daemon.Split(' ');
        ProcessResult r = ProcessRunner.Run(Python, [driver, bus.Address, "10", .. daemon, "--root=" + root.Path, "--idle-exit=infinity"],
            timeout: TimeSpan.FromMinutes(2));

        Assert.True(r.ExitCode == 0, r.StandardError);
        Assert.Equal("0 0 0 0 0 0 0 0 0 0", r.StandardOutput.Trim());
        Assert.NotEqual(0, bus.Busctl("status", "org.freedesktop.portable1").ExitCode);
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void NameTaken_SecondDaemonFailsWithUpstreamsWording()
    {
        using var root = new TempDirectory("portabled-root");
        using var bus = new PrivateBus();
        using var first = new DaemonProcess(bus, "--root=" + root.Path, "--idle-exit=infinity");
        string[] command = PortabledCommands.Daemon.Split(' ');
        ProcessResult second = ProcessRunner.Run(command[0], [.. command.Skip(1), "--bus=" + bus.Address, "--root=" + root.Path, "--idle-exit=infinity"],
            timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(1, second.ExitCode);
        Assert.Contains("Failed to request name org.freedesktop.portable1: File exists", second.StandardError, StringComparison.Ordinal);
        // The first one still serves.
        Assert.Equal("a(ssbtttso) 0\n", bus.Busctl("call", "org.freedesktop.portable1", "/org/freedesktop/portable1", "org.freedesktop.portable1.Manager", "ListImages").StandardOutput);
    }

    private static string Owner(PrivateBus bus) =>
        bus.Busctl("call", "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetNameOwner", "s", "org.freedesktop.portable1")
            .StandardOutput.Trim();

    private static void WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        DateTime end = DateTime.UtcNow + limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < end, "condition not met in time");
            Thread.Sleep(100);
        }
    }
}
