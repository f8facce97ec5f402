// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// Symlinks around unit files (Scenarios/unit-links.sh), the real portablectl against the real
/// systemd-portabled 252 and against ours in 252 mode, each in its own sandbox: the unit file state
/// of aliases and links (is-attached, GetImageState, list), unit links an image cannot deliver
/// (loops, long chains, dangling links, directories; directory and squashfs images), and symlinked,
/// dangling or non-directory attached and image link directories. The 262 mode is compared with the
/// real 262 by hand (docs/differences.md says how).
/// </summary>
public sealed class UnitLinksDifferentialTests
{
    private const string RealDaemon = "/lib/systemd/systemd-portabled";
    private const string SystemdVersion = "252.39-1~deb12u2";

    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "busctl", "mksquashfs", "losetup", RealDaemon)]
    public void UnitLinks_TranscriptEqualsRealPortabled()
    {
        string real = Run(RealDaemon);
        string ours = Run(PortabledCommands.Daemon + " --idle-exit=infinity --upstream-version=252");
        // The transcript says what it covers: an alias is enabled, a loop is skipped, a symlinked attached directory is used.
        Assert.Contains("$ portablectl attach --copy=symlink aliasapp aliasapp-alias\n", real, StringComparison.Ordinal);
        Assert.Contains("\n$ portablectl is-attached aliasapp\n[stdout]\nenabled\n", real, StringComparison.Ordinal);
        Assert.Contains("\tloopapp-c40.service\n\tloopapp.service\n", real, StringComparison.Ordinal);
        Assert.Contains("## /etc/systemd/system.attached -> /var/lib/portabled-test/attached\n", real, StringComparison.Ordinal);
        if (!string.Equals(real, ours, StringComparison.Ordinal))
        {
            string expectedFile = Path.Join(Path.GetTempPath(), "portabled-unit-links.expected.txt");
            string actualFile = Path.Join(Path.GetTempPath(), "portabled-unit-links.actual.txt");
            File.WriteAllText(expectedFile, real);
            File.WriteAllText(actualFile, ours);
            string diff = ProcessRunner.Run("diff", ["-u", expectedFile, actualFile]).StandardOutput;
            Assert.Fail("transcripts differ, first of the diff:\n" + string.Join('\n', diff.Split('\n').Take(150)));
        }
    }

    private static string Run(string daemon)
    {
        string scenario = Path.Join(AppContext.BaseDirectory, "Scenarios", "unit-links.sh");
        var environment = new Dictionary<string, string> { ["STUB_SYSTEMD_VERSION"] = SystemdVersion };
        ProcessResult r = ProcessRunner.Run(PortabledCommands.Sandbox,
            ["--daemon=" + daemon, "--stub-systemd1=" + PortabledCommands.StubSystemd1, "--", scenario],
            environment: environment, timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, $"sandbox failed: {r.StandardError}");
        return Transcript.SortChanges(Transcript.Normalize(r.StandardOutput));
    }
}
