// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text.RegularExpressions;
using Portabled.Testing;

namespace Portabled.Ctl.Tests.Differential;

/// <summary>
/// Runs a user-scope scenario of Scenarios/ in scripts/user-sandbox (docs/user-scope.md): as an
/// unprivileged user, with a private session bus where the chosen daemon is bus-activated with
/// <c>--user</c>, the stand-in user manager, and the chosen portablectl first on PATH.
/// </summary>
internal static partial class UserScenarioRun
{
    /// <summary>The scenario's transcript, the sandbox's random directory replaced by <c>/SANDBOX</c>.</summary>
    public static string Run(string scenario, Peer client, Peer daemon, string? userProfiles)
    {
        using var bin = new TempDirectory("portabled-user-bin");
        // The user runs the wrapper: the directory must be theirs to enter.
        File.SetUnixFileMode(bin.Path, (UnixFileMode)0x1ed);
        string portablectl = Path.Join(bin.Path, "portablectl");
        File.WriteAllText(portablectl, "#!/bin/sh\nexec " + (client == Peer.Upstream ? UpstreamSystemd262.Portablectl : PortabledCommands.Portablectl) + " \"$@\"\n");
        File.SetUnixFileMode(portablectl, (UnixFileMode)0x1ed);
        string daemonCommand = daemon == Peer.Upstream ? UpstreamSystemd262.Daemon : PortabledCommands.Daemon;
        var env = new Dictionary<string, string>
        {
            ["STUB_ENQUEUE_MANY"] = "0",
            ["PATH"] = bin.Path + ":" + Environment.GetEnvironmentVariable("PATH"),
        };
        List<string> args = ["--daemon=" + daemonCommand, "--stub-systemd1=" + PortabledCommands.StubSystemd1];
        if (userProfiles is not null)
        {
            args.Add("--user-profiles=" + userProfiles);
        }

        ProcessResult r = ProcessRunner.Run(UserSandbox, [.. args, "--", Path.Join(AppContext.BaseDirectory, "Scenarios", scenario)],
            environment: env, timeout: TimeSpan.FromMinutes(5));
        Assert.True(r.ExitCode == 0, $"scenario {scenario} failed ({r.ExitCode}): {r.StandardError}");
        Assert.True(r.StandardError.Length == 0, $"scenario {scenario} wrote to stderr: {r.StandardError}");
        return SandboxRegex().Replace(r.StandardOutput, "/SANDBOX");
    }

    /// <summary>scripts/user-sandbox.</summary>
    public static string UserSandbox => Path.Join(TestEnvironment.RepositoryRoot, "scripts", "user-sandbox");

    /// <summary>Upstream 262's user profiles (as the Debian package installs them).</summary>
    public static string UpstreamUserProfiles => Path.Join(UpstreamSystemd262.Directory, "root", "usr", "lib", "systemd", "user", "portable", "profile");

    [GeneratedRegex(@"/tmp/portabled-user-sandbox\.\w+")]
    private static partial Regex SandboxRegex();
}
