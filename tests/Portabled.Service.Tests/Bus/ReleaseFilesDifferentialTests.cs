// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;
using Portabled.Testing.ReleaseFiles;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// The tricky release files of tests/Portabled.Testing/ReleaseFiles through the daemon: the real
/// portablectl inspect (which parses the bytes the daemon returns), GetImageOSRelease (the daemon's
/// own parse), attach (the daemon checks ID and writes os-release fields into 20-portable.conf) and
/// detach, for every case (Scenarios/release-files.sh). Against the real systemd-portabled 252 live,
/// and against the answers of the real 262 recorded by scripts/record-release-files
/// (golden-v262-daemon.txt: 262's portablectl and busctl print these commands exactly like 252's, so
/// the host's client drives ours). portabled-dissect's side of the table is ReleaseFileCaseTests.
/// </summary>
public sealed class ReleaseFilesDifferentialTests
{
    private const string RealDaemon = "/lib/systemd/systemd-portabled";

    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "busctl", "mksquashfs", RealDaemon)]
    public void ReleaseFiles_TranscriptEqualsRealPortabled252()
    {
        string real = Run(RealDaemon, "252.39-1~deb12u2");
        string ours = Run(PortabledCommands.Daemon + " --idle-exit=infinity --upstream-version=252", "252.39-1~deb12u2");

        Assert.Contains("$ portablectl inspect concat\n[stdout]\nImage:\n\t/var/lib/portables/concat\nPortable Service:\n\txyz\nOperating System:\n\tabc\n", real, StringComparison.Ordinal);
        Transcript.AssertEqual(real, ours, "release-files-252");
    }

    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "busctl", "mksquashfs")]
    public void ReleaseFiles_TranscriptEqualsRecordedReal262()
    {
        string golden = Transcript.SortChanges(Transcript.Normalize(ReleaseFileCases.Golden("golden-v262-daemon.txt")));
        string ours = Run(PortabledCommands.Daemon + " --idle-exit=infinity --upstream-version=262", "262");

        // A portablectl older than 254 parses what inspect shows with the old comment rule: for that one
        // case its output says nothing about the daemon (GetImageOSRelease still does), so it is left out.
        if (TestEnvironment.SystemdVersion("portablectl") < 254)
        {
            (golden, ours) = (WithoutSection(golden, "$ portablectl inspect comment-backslash\n"), WithoutSection(ours, "$ portablectl inspect comment-backslash\n"));
        }

        Assert.Contains("$ busctl --system call org.freedesktop.portable1 /org/freedesktop/portable1 org.freedesktop.portable1.Manager GetImageOSRelease s comment-backslash\n[stdout]\na{ss} 1 \"PRETTY_NAME\" \"after\"\n", golden, StringComparison.Ordinal);
        Transcript.AssertEqual(golden, ours, "release-files-262");
    }

    // The transcript without the section of one command (up to the next "$ " line).
    private static string WithoutSection(string transcript, string command)
    {
        int start = transcript.IndexOf(command, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {command}");
        int end = transcript.IndexOf("\n$ ", start + command.Length, StringComparison.Ordinal);
        return transcript[..start] + transcript[(end + 1)..];
    }

    private static string Run(string daemon, string systemdVersion)
    {
        string scenario = Path.Join(AppContext.BaseDirectory, "Scenarios", "release-files.sh");
        var environment = new Dictionary<string, string> { ["STUB_SYSTEMD_VERSION"] = systemdVersion };
        ProcessResult r = ProcessRunner.Run(PortabledCommands.Sandbox,
            ["--daemon=" + daemon, "--stub-systemd1=" + PortabledCommands.StubSystemd1, "--", scenario, ReleaseFileCases.Images],
            environment: environment, timeout: TimeSpan.FromMinutes(5));
        Assert.True(r.ExitCode == 0, $"sandbox failed: {r.StandardError}");
        return Transcript.SortChanges(Transcript.Normalize(r.StandardOutput));
    }
}
