// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// Verity protected DDIs (Scenarios/verity.sh builds them with veritysetup, sfdisk and openssl) through
/// the real portablectl. Against the real 252, which passes no verity settings and mounts the data
/// partitions directly, ours in 252 mode must read the same. In 262 mode ours pins what the real 262
/// pins for intact images (checked against it by hand, see docs/image-readers.md) and refuses the
/// corrupt ones where the real 262 leaves it to dm-verity at start-up.
/// </summary>
public sealed class VerityTests
{
    private const string RealDaemon = "/lib/systemd/systemd-portabled";
    private const string SystemdVersion = "252.39-1~deb12u2";

    private static readonly Lazy<string> s_ours262 = new(() => Run(PortabledCommands.Daemon + " --idle-exit=infinity --upstream-version=262"));

    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "mksquashfs", "sfdisk", "veritysetup", "openssl", "losetup", RealDaemon)]
    public void Verity252_TranscriptEqualsRealPortabled()
    {
        string real = Run(RealDaemon);
        string ours = Run(PortabledCommands.Daemon + " --idle-exit=infinity --upstream-version=252");

        Assert.Contains("RootImage=/var/lib/portabled-test/verity/signed.raw\n", real, StringComparison.Ordinal);
        Assert.Equal(real, ours);
    }

    [RequiresTheory("root", "unshare", "dbus-daemon", "portablectl", "mksquashfs", "sfdisk", "veritysetup", "openssl")]
    [InlineData("signed", "root=signed+read-only-on+growfs-off+squashfs:root-verity=read-only-on+growfs-off:root-verity-sig=read-only-on+growfs-off:=absent")]
    [InlineData("unsigned", "root=verity+read-only-on+growfs-off+squashfs:root-verity=read-only-on+growfs-off:=absent")]
    [InlineData("naked", "root=signed+squashfs:=absent")]
    public void Verity262_IntactImages_PinnedPolicy(string image, string policy)
    {
        string attach = Section(s_ours262.Value, $"portablectl attach --no-reload /var/lib/portabled-test/verity/{image}.raw");

        Assert.Contains("[rc] 0", attach, StringComparison.Ordinal);
        Assert.Contains($"\nRootImagePolicy={policy}\n", Section(s_ours262.Value, $"==== state: attach {image}"), StringComparison.Ordinal);
    }

    [RequiresTheory("root", "unshare", "dbus-daemon", "portablectl", "mksquashfs", "sfdisk", "veritysetup", "openssl")]
    [InlineData("baddata", "verity data block")]
    [InlineData("badhash", "verity hash block")]
    [InlineData("badsb", "verity")]
    [InlineData("uuids", "does not match the root hash")]
    [InlineData("untrusted", "Required key not available")]
    [InlineData("truncated", "truncated")]
    [InlineData("emptysig", "No data available")]
    public void Verity262_CorruptImages_RefusedWithClearError(string image, string message)
    {
        string inspect = Section(s_ours262.Value, $"portablectl inspect /var/lib/portabled-test/verity/{image}.raw");
        string attach = Section(s_ours262.Value, $"portablectl attach --no-reload /var/lib/portabled-test/verity/{image}.raw");

        Assert.Contains("[rc] 1", inspect, StringComparison.Ordinal);
        Assert.Contains(message, inspect, StringComparison.Ordinal);
        Assert.Contains("[rc] 1", attach, StringComparison.Ordinal);
        Assert.Contains(message, attach, StringComparison.Ordinal);
        Assert.DoesNotContain("---- ", Section(s_ours262.Value, $"==== state: attach {image}"), StringComparison.Ordinal);
    }

    /// <summary>From the line starting with <paramref name="heading"/> (after "$ " for commands) to the next command or state heading.</summary>
    private static string Section(string transcript, string heading)
    {
        string marker = heading.StartsWith("====", StringComparison.Ordinal) ? "\n" + heading : "\n$ " + heading + "\n";
        int start = transcript.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{heading}' not in the transcript:\n{transcript}");
        int next = IndexOfAny(transcript, start + marker.Length, "\n$ ", "\n==== ");
        return transcript[start..next];
    }

    private static int IndexOfAny(string s, int from, params string[] markers) =>
        markers.Select(m => s.IndexOf(m, from, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(s.Length).Min();

    private static string Run(string daemon)
    {
        string scenario = Path.Join(AppContext.BaseDirectory, "Scenarios", "verity.sh");
        var environment = new Dictionary<string, string> { ["STUB_SYSTEMD_VERSION"] = SystemdVersion };
        ProcessResult r = ProcessRunner.Run(PortabledCommands.Sandbox,
            ["--daemon=" + daemon, "--stub-systemd1=" + PortabledCommands.StubSystemd1, "--", scenario],
            environment: environment, timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, $"sandbox failed: {r.StandardError}");
        return Transcript.SortChanges(Transcript.Normalize(r.StandardOutput));
    }
}
