// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// Image management (portablectl remove, read-only, set-limit; the Image object's methods) against the
/// real systemd-portabled 252 and against ours in 252 mode, each in its own sandbox, with the pool on the
/// sandbox's overlay (tmpfs below) and on a file-backed btrfs with quotas: replies, errors and the
/// resulting files (and qgroups) must be the same.
/// </summary>
public sealed class ManagementDifferentialTests
{
    private const string RealDaemon = "/lib/systemd/systemd-portabled";

    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "busctl", "losetup", "chattr", "lsattr", "blockdev", RealDaemon)]
    public void Management_TranscriptEqualsRealPortabled()
    {
        string real = Run(RealDaemon, "management.sh");
        string ours = Run(PortabledCommands.Daemon + " --idle-exit=infinity --upstream-version=252", "management.sh");
        Assert.Contains("$ portablectl remove d2\n[stderr]\nCould not remove image: Access denied\n", real, StringComparison.Ordinal);
        Assert.Equal(real, ours);
    }

    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "busctl", "losetup", "chattr", "lsattr", "blockdev", "mkfs.btrfs", "btrfs", RealDaemon)]
    public void ManagementOnBtrfs_TranscriptEqualsRealPortabled()
    {
        string real = Run(RealDaemon, "management-btrfs.sh");
        string ours = Run(PortabledCommands.Daemon + " --idle-exit=infinity --upstream-version=252", "management-btrfs.sh");
        Assert.Contains("s \"subvolume\"", real, StringComparison.Ordinal);
        Assert.Contains("qgroup 255/256: usage agrees, limit agrees", real, StringComparison.Ordinal);
        Assert.Equal(real, ours);
    }

    private static string Run(string daemon, string scenarioName)
    {
        string scenario = Path.Join(AppContext.BaseDirectory, "Scenarios", scenarioName);
        ProcessResult r = ProcessRunner.Run(PortabledCommands.Sandbox, ["--daemon=" + daemon, "--", scenario, SampleImages.Directory],
            timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, $"sandbox failed: {r.StandardError}");
        return Transcript.Normalize(r.StandardOutput);
    }
}
