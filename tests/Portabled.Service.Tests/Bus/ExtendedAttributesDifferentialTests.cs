// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// user.extension-release.strict on extensions named after another image: the real portablectl
/// against the real systemd-portabled 252 (which mounts raw images through loop devices and reads
/// the attribute through the kernel) and against ours in 252 mode (userspace readers), each in its
/// own sandbox: naked squashfs, ext4, erofs, GPT and directory extensions marked false attach, and
/// a table of other values (case, blanks, NUL bytes, true, none) is accepted or refused alike.
/// </summary>
public sealed class ExtendedAttributesDifferentialTests
{
    private const string RealDaemon = "/lib/systemd/systemd-portabled";
    private const string SystemdVersion = "252.39-1~deb12u2";

    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "busctl", "setfattr", "mksquashfs", "mkfs.ext4", "mkfs.erofs", "sfdisk", "losetup", RealDaemon)]
    public void StrictAttribute_TranscriptEqualsRealPortabled()
    {
        string real = Run(RealDaemon);
        string ours = Run(PortabledCommands.Daemon + " --idle-exit=infinity --upstream-version=252");
        // The real daemon did attach the raw extensions: otherwise the comparison proves nothing.
        Assert.Contains("ExtensionImages=/var/tmp/portabled-xattr-scenario/img/xsq.raw\n", real, StringComparison.Ordinal);
        Assert.Contains("ExtensionImages=/var/tmp/portabled-xattr-scenario/img/xext4.raw\n", real, StringComparison.Ordinal);
        if (!string.Equals(real, ours, StringComparison.Ordinal))
        {
            string expectedFile = Path.Join(Path.GetTempPath(), "portabled-xattr-images.expected.txt");
            string actualFile = Path.Join(Path.GetTempPath(), "portabled-xattr-images.actual.txt");
            File.WriteAllText(expectedFile, real);
            File.WriteAllText(actualFile, ours);
            string diff = ProcessRunner.Run("diff", ["-u", expectedFile, actualFile]).StandardOutput;
            Assert.Fail("transcripts differ, first of the diff:\n" + string.Join('\n', diff.Split('\n').Take(150)));
        }
    }

    private static string Run(string daemon)
    {
        string scenario = Path.Join(AppContext.BaseDirectory, "Scenarios", "xattr-images.sh");
        var environment = new Dictionary<string, string> { ["STUB_SYSTEMD_VERSION"] = SystemdVersion };
        ProcessResult r = ProcessRunner.Run(PortabledCommands.Sandbox,
            ["--daemon=" + daemon, "--stub-systemd1=" + PortabledCommands.StubSystemd1, "--", scenario],
            environment: environment, timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, $"sandbox failed: {r.StandardError}");
        return Transcript.SortChanges(Transcript.Normalize(r.StandardOutput));
    }
}
