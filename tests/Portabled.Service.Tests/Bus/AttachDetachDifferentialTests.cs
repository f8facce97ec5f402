// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// The real portablectl against the real systemd-portabled 252 (Debian's systemd-container) and
/// against ours in 252 mode, each in its own sandbox with the stand-in systemd1 reporting 252:
/// the attach/detach/reattach transcripts (every command's output and every file written) must be
/// identical once the hash-ordered change lines are put in canonical order.
/// </summary>
public sealed class AttachDetachDifferentialTests
{
    private const string RealDaemon = "/lib/systemd/systemd-portabled";
    private const string SystemdVersion = "252.39-1~deb12u2";

    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "busctl", RealDaemon)]
    public void AttachDetach_TranscriptEqualsRealPortabled()
    {
        string real = Run(RealDaemon);
        string ours = Run(PortabledCommands.Daemon + " --idle-exit=infinity --upstream-version=252");
        Assert.Contains("$ portablectl attach minimal-app\n[stderr]\n(Matching unit files with prefix 'minimal-app'.)\nCreated directory /etc/systemd/system.attached.\n", real, StringComparison.Ordinal);
        Transcript.AssertEqual(real, ours, "attach-detach");
    }

    /// <summary>The normalisation is enough: two runs of the real daemon (different hash keys) read the same.</summary>
    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "busctl", RealDaemon)]
    public void AttachDetach_RealPortabledTwice_TranscriptsEqual()
    {
        Transcript.AssertEqual(Run(RealDaemon), Run(RealDaemon), "attach-detach");
    }

    [Fact]
    public void SortChanges_UnitsInHashOrder_GroupedByUnitInNameOrder()
    {
        const string Attached = "/etc/systemd/system.attached";
        string hashOrder = $"""
            (Matching unit files with prefix 'a'.)
            Created directory {Attached}.
            Created directory {Attached}/b.service.d.
            Written {Attached}/b.service.d/20-portable.conf.
            Copied /i/b.service → {Attached}/b.service.
            Created directory {Attached}/a.socket.d.
            Written {Attached}/a.socket.d/20-portable.conf.
            Copied /i/a.socket → {Attached}/a.socket.
            Created symlink /etc/portables/a → /i.
            Queued /org/freedesktop/systemd1/job/8 to call StartUnit on portable service b.service.
            Queued /org/freedesktop/systemd1/job/7 to call StartUnit on portable service a.socket.
            Removed {Attached}/b.service.
            Removed {Attached}/a.socket.
            Removed /etc/portables/e.
            Removed /etc/portables/a.
            Removed {Attached}.
            """;
        string canonical = $"""
            (Matching unit files with prefix 'a'.)
            Created directory {Attached}.
            Created directory {Attached}/a.socket.d.
            Written {Attached}/a.socket.d/20-portable.conf.
            Copied /i/a.socket → {Attached}/a.socket.
            Created directory {Attached}/b.service.d.
            Written {Attached}/b.service.d/20-portable.conf.
            Copied /i/b.service → {Attached}/b.service.
            Created symlink /etc/portables/a → /i.
            Queued /org/freedesktop/systemd1/job/7 to call StartUnit on portable service a.socket.
            Queued /org/freedesktop/systemd1/job/8 to call StartUnit on portable service b.service.
            Removed {Attached}/a.socket.
            Removed {Attached}/b.service.
            Removed /etc/portables/a.
            Removed /etc/portables/e.
            Removed {Attached}.
            """;
        Assert.Equal(canonical, Transcript.SortChanges(hashOrder));
        Assert.Equal(canonical + "\n", Transcript.SortChanges(canonical + "\n"));
    }

    private static string Run(string daemon)
    {
        string scenario = Path.Join(AppContext.BaseDirectory, "Scenarios", "attach-detach.sh");
        var environment = new Dictionary<string, string> { ["STUB_SYSTEMD_VERSION"] = SystemdVersion };
        ProcessResult r = ProcessRunner.Run(PortabledCommands.Sandbox,
            ["--daemon=" + daemon, "--stub-systemd1=" + PortabledCommands.StubSystemd1, "--", scenario, SampleImages.Directory],
            environment: environment, timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, $"sandbox failed: {r.StandardError}");
        return Transcript.SortChanges(Transcript.Normalize(r.StandardOutput));
    }
}
