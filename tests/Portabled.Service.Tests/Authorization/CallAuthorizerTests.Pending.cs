// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics;
using System.Text.Json;
using Portabled.Testing;

namespace Portabled.Service.Tests.Authorization;

/// <content>While polkit has not answered yet (polkitd stopped with SIGSTOP).</content>
public sealed partial class CallAuthorizerTests
{
    [RequiresFact("root", "dbus-daemon", "busctl", "setpriv", "unshare", PolkitDaemon.Executable)]
    public void PendingQuery_BusKeepsServingOtherCalls()
    {
        using var monitor = new BusMonitor(_fixture.Bus);
        _fixture.Polkit.Pause(true);
        Task<ProcessResult> guarded;
        try
        {
            guarded = Task.Run(() => _fixture.BusctlAs("nobody", "call", "org.freedesktop.portable1", Manager, "org.freedesktop.portable1.Manager",
                "DetachImage", "sb", "minimal-app", "false"));
            monitor.WaitFor(IsCheckAuthorization, TimeSpan.FromSeconds(20));

            var watch = Stopwatch.StartNew();
            ProcessResult list = _fixture.BusctlAs("nobody", "call", "org.freedesktop.portable1", Manager, "org.freedesktop.portable1.Manager", "ListImages");
            Assert.True(list.ExitCode == 0, list.StandardError);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"ListImages took {watch.Elapsed}");
            Assert.False(guarded.IsCompleted, "the guarded call was answered before polkit was");
        }
        finally
        {
            _fixture.Polkit.Pause(false);
        }

        Assert.Equal("Call failed: " + Refusal + "\n", guarded.Result.StandardError);
    }

    [RequiresFact("root", "dbus-daemon", "busctl", "setpriv", "unshare", PolkitDaemon.Executable)]
    public void PendingQuery_IdleExitWaitsForTheAnswer()
    {
        using var root = new TempDirectory("portabled-root");
        Directory.CreateDirectory(root["var/lib/portables"]);
        using var bus = new PrivateBus();
        using var polkit = new PolkitDaemon(bus, new Dictionary<string, string>());
        using var monitor = new BusMonitor(bus);
        using var daemon = new DaemonProcess(bus, "--root=" + root.Path, "--idle-exit=1", "--upstream-version=262");
        polkit.Pause(true);
        Task<ProcessResult> guarded;
        try
        {
            guarded = Task.Run(() => ProcessRunner.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "busctl", "--address=" + bus.Address,
                "call", "org.freedesktop.portable1", Manager, "org.freedesktop.portable1.Manager", "SetPoolLimit", "t", "1000"]));
            monitor.WaitFor(IsCheckAuthorization, TimeSpan.FromSeconds(20));
            Thread.Sleep(3000);
            Assert.False(daemon.Process.HasExited, "the daemon left with a polkit query pending");
            Assert.Equal(0, bus.Busctl("status", "org.freedesktop.portable1").ExitCode);
        }
        finally
        {
            polkit.Pause(false);
        }

        Assert.Equal("Call failed: " + Refusal + "\n", guarded.Result.StandardError);
        Assert.True(daemon.Process.WaitForExit(15_000), "the daemon did not leave once idle");
    }

    [RequiresFact("root", "dbus-daemon", "busctl", "setpriv", "unshare", "/usr/bin/python3", PolkitDaemon.Executable)]
    public void PendingQuery_SameSenderSameAction_OneQueryAnswersAllCalls()
    {
        using var monitor = new BusMonitor(_fixture.Bus);
        string socket = _fixture.Bus.Address["unix:path=".Length..];
        string client = Path.Join(AppContext.BaseDirectory, "Scenarios", "pipelined-calls.py");
        _fixture.Polkit.Pause(true);
        Task<ProcessResult> calls;
        try
        {
            calls = Task.Run(() => ProcessRunner.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", client, socket, "3",
                "org.freedesktop.portable1", Manager, "org.freedesktop.portable1.Manager", "RemoveImage", "vendorapp"]));
            monitor.WaitFor(IsCheckAuthorization, TimeSpan.FromSeconds(20));
            Thread.Sleep(1000);
            Assert.Single(monitor.Calls("CheckAuthorization"));
        }
        finally
        {
            _fixture.Polkit.Pause(false);
        }

        ProcessResult r = calls.Result;
        Assert.True(r.ExitCode == 0, r.StandardError);
        Assert.Equal(string.Concat(Enumerable.Repeat("error org.freedesktop.DBus.Error.InteractiveAuthorizationRequired: " + Refusal + "\n", 3)), r.StandardOutput);

        // Answered, the query is forgotten: the next call asks again.
        ProcessResult again = ProcessRunner.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", client, socket, "1",
            "org.freedesktop.portable1", Manager, "org.freedesktop.portable1.Manager", "RemoveImage", "vendorapp"]);
        Assert.True(again.ExitCode == 0, again.StandardError);
        monitor.WaitFor(_ => monitor.Calls("CheckAuthorization").Count == 2, TimeSpan.FromSeconds(10));
    }

    [RequiresTheory("root", "dbus-daemon", "busctl", "setpriv", "unshare", PolkitDaemon.Executable)]
    [InlineData("yes", 1)]
    [InlineData("no", 0)]
    public void Query_AllowInteractiveAuthorizationFlag_BecomesPolkitFlags(string allowInteractive, int flags)
    {
        using var monitor = new BusMonitor(_fixture.Bus);
        ProcessResult r = _fixture.BusctlAs("nobody", "--allow-interactive-authorization=" + allowInteractive,
            "call", "org.freedesktop.portable1", Manager, "org.freedesktop.portable1.Manager", "AttachImage", "sassbs", "minimal-app", "0", "", "false", "");
        Assert.Equal("Call failed: " + Refusal + "\n", r.StandardError);

        // CheckAuthorization((s a{sv}) subject, s action, a{ss} details, u flags, s cancellation_id)
        JsonElement data = monitor.WaitFor(IsCheckAuthorization, TimeSpan.FromSeconds(10)).GetProperty("payload").GetProperty("data");
        JsonElement subject = data[0];
        Assert.Equal("system-bus-name", subject[0].GetString());
        Assert.StartsWith(":1.", subject[1].GetProperty("name").GetProperty("data").GetString(), StringComparison.Ordinal);
        Assert.Equal("org.freedesktop.portable1.attach-images", data[1].GetString());
        Assert.Empty(data[2].EnumerateObject());
        Assert.Equal(flags, data[3].GetInt32());
        Assert.Equal(string.Empty, data[4].GetString());
    }

    private static bool IsCheckAuthorization(JsonElement m) =>
        m.GetProperty("type").GetString() == "method_call" && m.TryGetProperty("member", out JsonElement member) && member.GetString() == "CheckAuthorization";
}
