// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text.RegularExpressions;
using Portabled.Testing;

namespace Portabled.Service.Tests.EndToEnd;

/// <summary>
/// End to end under a real systemd 252 as PID 1 (scripts/boot): the real portablectl attaches the
/// sample image through whichever daemon <typeparamref name="TSystem"/> runs as
/// systemd-portabled.service, systemd really starts the service from the image, and detach leaves
/// nothing behind. One container per class; each test cleans up after itself.
/// </summary>
public abstract class EndToEndTests<TSystem> : IClassFixture<TSystem>
    where TSystem : BootedSystem
{
    private const string Attached = "/etc/systemd/system.attached";
    private readonly TSystem _system;

    protected EndToEndTests(TSystem system)
    {
        _system = system;
    }

    [RequiresFact("root", "systemd-nspawn", "nsenter", "unshare", "portablectl")]
    public void Attach_StartStopDetach_ServiceRunsFromImage()
    {
        try
        {
            ProcessResult attach = Run(0, "portablectl", "attach", "minimal-app");
            Assert.StartsWith($"(Matching unit files with prefix 'minimal-app'.)\nCreated directory {Attached}.\n", attach.StandardError, StringComparison.Ordinal);
            Assert.Contains($"Written {Attached}/minimal-app.service.d/20-portable.conf.\n", attach.StandardError, StringComparison.Ordinal);
            Assert.Contains($"Created symlink {Attached}/minimal-app.service.d/10-profile.conf → /usr/lib/systemd/portable/profile/default/service.conf.\n", attach.StandardError, StringComparison.Ordinal);
            Assert.Contains($"Copied /var/lib/portables/minimal-app/usr/lib/systemd/system/minimal-app.service → {Attached}/minimal-app.service.\n", attach.StandardError, StringComparison.Ordinal);
            Assert.EndsWith("Created symlink /etc/portables/minimal-app → /var/lib/portables/minimal-app.\n", attach.StandardError, StringComparison.Ordinal);
            Assert.Equal("attached\n", Run(0, "portablectl", "is-attached", "minimal-app").StandardOutput);

            Run(0, "systemctl", "start", "minimal-app.service");
            // /usr/bin/minimal-app exists only inside the image: it runs, so RootDirectory= works.
            Assert.Contains("minimal-app started pid=", WaitForJournal("minimal-app.service", "minimal-app started pid="), StringComparison.Ordinal);
            Dictionary<string, string> show = Show("minimal-app.service", "ActiveState", "SubState", "RootDirectory", "DynamicUser", "FragmentPath", "DropInPaths");
            Assert.Equal("active", show["ActiveState"]);
            Assert.Equal("running", show["SubState"]);
            Assert.Equal("/var/lib/portables/minimal-app", show["RootDirectory"]);
            Assert.Equal("yes", show["DynamicUser"]);
            Assert.Equal($"{Attached}/minimal-app.service", show["FragmentPath"]);
            Assert.Equal($"{Attached}/minimal-app.service.d/10-profile.conf {Attached}/minimal-app.service.d/20-portable.conf", show["DropInPaths"]);
            Assert.Contains("Active: active (running)", Run(0, "systemctl", "status", "--no-pager", "minimal-app.service").StandardOutput, StringComparison.Ordinal);

            Assert.Matches(new Regex(@"^minimal-app +directory +no +\S.* +running$", RegexOptions.Multiline), Run(0, "portablectl", "list").StandardOutput);
            Assert.Equal("running\n", Run(0, "portablectl", "is-attached", "minimal-app").StandardOutput);

            ProcessResult refused = Run(1, "portablectl", "detach", "minimal-app");
            Assert.Equal("DetachImage failed: Unit file 'minimal-app.service' is active, can't detach.\n", refused.StandardError);
            Assert.Equal(0, _system.Exec("test", "-e", $"{Attached}/minimal-app.service").ExitCode);

            Run(0, "systemctl", "stop", "minimal-app.service");
            ProcessResult detach = Run(0, "portablectl", "detach", "minimal-app");
            Assert.StartsWith("Removed ", detach.StandardError, StringComparison.Ordinal);
            Assert.Contains($"Removed {Attached}/minimal-app.service.\n", detach.StandardError, StringComparison.Ordinal);
            Assert.EndsWith($"Removed /etc/portables/minimal-app.\nRemoved {Attached}.\n", detach.StandardError, StringComparison.Ordinal);
            AssertNothingAttached();
            Assert.Equal("detached\n", Run(0, "portablectl", "is-attached", "minimal-app").StandardOutput);
        }
        finally
        {
            CleanUp();
        }
    }

    [RequiresFact("root", "systemd-nspawn", "nsenter", "unshare", "portablectl")]
    public void AttachNowEnableStrict_DetachNow_ServiceRunsSandboxed()
    {
        try
        {
            ProcessResult attach = Run(0, "portablectl", "attach", "--now", "--enable", "--profile=strict", "minimal-app");
            Assert.Contains($"Created symlink {Attached}/minimal-app.service.d/10-profile.conf → /usr/lib/systemd/portable/profile/strict/service.conf.\n", attach.StandardError, StringComparison.Ordinal);
            Assert.Matches(new Regex(@"^Queued /org/freedesktop/systemd1/job/\d+ to call StartUnit on portable service minimal-app\.service\.$", RegexOptions.Multiline), attach.StandardError);
            Assert.Equal("active\n", Run(0, "systemctl", "is-active", "minimal-app.service").StandardOutput);
            Dictionary<string, string> show = Show("minimal-app.service", "User", "DynamicUser", "ProtectSystem", "PrivateNetwork", "RootDirectory");
            Assert.Equal("minimal-app", show["User"]);
            Assert.Equal("yes", show["DynamicUser"]);
            Assert.Equal("strict", show["ProtectSystem"]);
            Assert.Equal("yes", show["PrivateNetwork"]);
            Assert.Equal("/var/lib/portables/minimal-app", show["RootDirectory"]);
            Assert.Contains("minimal-app started pid=", WaitForJournal("minimal-app.service", "minimal-app started pid="), StringComparison.Ordinal);
            Assert.Matches(new Regex(@"^minimal-app +directory +no +\S.* +running$", RegexOptions.Multiline), Run(0, "portablectl", "list").StandardOutput);

            ProcessResult detach = Run(0, "portablectl", "detach", "--now", "minimal-app");
            Assert.Matches(new Regex(@"^Queued /org/freedesktop/systemd1/job/\d+ to call StopUnit on portable service minimal-app\.service\.$", RegexOptions.Multiline), detach.StandardError);
            Assert.EndsWith($"Removed /etc/portables/minimal-app.\nRemoved {Attached}.\n", detach.StandardError, StringComparison.Ordinal);
            ProcessResult active = _system.Exec("systemctl", "is-active", "minimal-app.service");
            Assert.Equal("inactive\n", active.StandardOutput);
            AssertNothingAttached();
        }
        finally
        {
            CleanUp();
        }
    }

    private ProcessResult Run(int expectedExitCode, params string[] command)
    {
        ProcessResult r = _system.Exec(command);
        Assert.True(r.ExitCode == expectedExitCode,
            $"'{string.Join(' ', command)}' exited {r.ExitCode}, expected {expectedExitCode}\n[stdout]\n{r.StandardOutput}[stderr]\n{r.StandardError}\n[daemon]\n{DaemonJournal()}");
        return r;
    }

    private Dictionary<string, string> Show(string unit, params string[] properties)
    {
        string output = Run(0, "systemctl", "show", "-p", string.Join(',', properties), unit).StandardOutput;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    private string WaitForJournal(string unit, string text)
    {
        string journal = string.Empty;
        for (int i = 0; i < 50 && !journal.Contains(text, StringComparison.Ordinal); i++)
        {
            Thread.Sleep(100);
            journal = Run(0, "journalctl", "-u", unit, "--no-pager", "-o", "cat").StandardOutput;
        }

        return journal;
    }

    private void AssertNothingAttached()
    {
        // Detach removes the attached directory once empty; /etc/portables stays, empty.
        Run(1, "test", "-e", Attached);
        Assert.Equal(string.Empty, Run(0, "find", "/etc/portables", "-mindepth", "1").StandardOutput);
        Assert.Equal("LoadState=not-found\n", Run(0, "systemctl", "show", "-p", "LoadState", "minimal-app.service").StandardOutput);
    }

    private string DaemonJournal() =>
        _system.Exec("journalctl", "-u", "systemd-portabled.service", "--no-pager", "-o", "cat", "-n", "30").StandardOutput;

    private void CleanUp() =>
        _system.Shell($"systemctl stop 'minimal-app*' 2>/dev/null; rm -rf {Attached} /etc/portables/minimal-app; systemctl daemon-reload; systemctl reset-failed");
}

/// <summary>Our daemon as systemd-portabled.service.</summary>
public sealed class PortabledEndToEndTests(OurPortabledSystem system) : EndToEndTests<OurPortabledSystem>(system);

/// <summary>The real systemd-portabled 252, as a check of the harness and of the expectations above.</summary>
public sealed class RealPortabledEndToEndTests(RealPortabledSystem system) : EndToEndTests<RealPortabledSystem>(system);
