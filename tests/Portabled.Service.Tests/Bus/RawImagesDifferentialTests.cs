// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// Raw images: the real portablectl against the real systemd-portabled 252 (which mounts them
/// through loop devices of the host's /dev) and against ours in 252 mode (userspace readers), each
/// in its own sandbox: inspect, attach, detach, reattach, extensions, properties and dissection
/// errors must read the same once hash-ordered change lines are in canonical order.
/// </summary>
public sealed class RawImagesDifferentialTests
{
    private const string RealDaemon = "/lib/systemd/systemd-portabled";
    private const string SystemdVersion = "252.39-1~deb12u2";

    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "busctl", "mksquashfs", "mkfs.ext4", "mkfs.erofs", "sfdisk", "losetup", RealDaemon)]
    public void RawImages_TranscriptEqualsRealPortabled()
    {
        string real = Run(RealDaemon);
        string ours = Run(PortabledCommands.Daemon + " --idle-exit=infinity --upstream-version=252");
        Assert.Contains("RootImage=/var/lib/portabled-test/raw/minsq.raw\n", real, StringComparison.Ordinal);
        if (!string.Equals(real, ours, StringComparison.Ordinal))
        {
            string expectedFile = Path.Join(Path.GetTempPath(), "portabled-raw-images.expected.txt");
            string actualFile = Path.Join(Path.GetTempPath(), "portabled-raw-images.actual.txt");
            File.WriteAllText(expectedFile, real);
            File.WriteAllText(actualFile, ours);
            string diff = ProcessRunner.Run("diff", ["-u", expectedFile, actualFile]).StandardOutput;
            Assert.Fail("transcripts differ, first of the diff:\n" + string.Join('\n', diff.Split('\n').Take(150)));
        }
    }

    private static string Run(string daemon)
    {
        string scenario = Path.Join(AppContext.BaseDirectory, "Scenarios", "raw-images.sh");
        var environment = new Dictionary<string, string> { ["STUB_SYSTEMD_VERSION"] = SystemdVersion };
        ProcessResult r = ProcessRunner.Run(PortabledCommands.Sandbox,
            ["--daemon=" + daemon, "--stub-systemd1=" + PortabledCommands.StubSystemd1, "--", scenario, SampleImages.Directory],
            environment: environment, timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, $"sandbox failed: {r.StandardError}");
        return Transcript.SortChanges(Transcript.Normalize(r.StandardOutput));
    }
}
