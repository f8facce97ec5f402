// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// The real polkitd on the sandbox's bus, with rules allowing one user per portable1 action: busctl
/// as root, as those users and as nobody must get the same answers from the real
/// systemd-portabled 252 and from ours in 252 mode.
/// </summary>
public sealed class AuthorizationDifferentialTests
{
    private const string RealDaemon = "/lib/systemd/systemd-portabled";

    [RequiresFact("root", "unshare", "dbus-daemon", "busctl", "setpriv", PolkitDaemon.Executable, RealDaemon)]
    public void Authorization_TranscriptEqualsRealPortabled()
    {
        string real = Run(RealDaemon);
        string ours = Run(PortabledCommands.Daemon + " --idle-exit=infinity --upstream-version=252");
        Assert.Contains("Interactive authentication required.", real, StringComparison.Ordinal);
        Assert.Equal(real, ours);
    }

    private static string Run(string daemon)
    {
        string scenario = Path.Join(AppContext.BaseDirectory, "Scenarios", "authorization.sh");
        string policy = Path.Join(TestEnvironment.RepositoryRoot, "systemd", "org.freedesktop.portable1.policy");
        ProcessResult r = ProcessRunner.Run(PortabledCommands.Sandbox, ["--daemon=" + daemon, "--", scenario, SampleImages.Directory, policy],
            timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, $"sandbox failed: {r.StandardError}");
        return Transcript.Normalize(r.StandardOutput);
    }
}
