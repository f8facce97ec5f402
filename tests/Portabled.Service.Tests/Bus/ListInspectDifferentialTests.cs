// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// The real portablectl against the real systemd-portabled (Debian's systemd-container) and against
/// ours, each in its own sandbox: the list/inspect transcripts must be identical.
/// </summary>
public sealed class ListInspectDifferentialTests
{
    private const string RealDaemon = "/lib/systemd/systemd-portabled";

    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", RealDaemon)]
    public void ListInspect_TranscriptEqualsRealPortabled()
    {
        string real = Run(RealDaemon);
        string ours = Run(PortabledCommands.Daemon + " --idle-exit=infinity");
        Assert.Contains("$ portablectl inspect minimal-app\n[stdout]\nImage:", real, StringComparison.Ordinal);
        Assert.Equal(real, ours);
    }

    private static string Run(string daemon)
    {
        string scenario = Path.Join(AppContext.BaseDirectory, "Scenarios", "list-inspect.sh");
        ProcessResult r = ProcessRunner.Run(PortabledCommands.Sandbox, ["--daemon=" + daemon, "--", scenario, SampleImages.Directory],
            timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, $"sandbox failed: {r.StandardError}");
        return Transcript.Normalize(r.StandardOutput);
    }
}
