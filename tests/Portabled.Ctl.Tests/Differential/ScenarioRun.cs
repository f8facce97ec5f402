// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Ctl.Tests.Differential;

/// <summary>
/// Runs a scenario of Scenarios/ in scripts/sandbox: a private bus where the chosen daemon is
/// bus-activated, the stand-in systemd1 (with or without 262's EnqueueUnitJobMany), and the chosen
/// portablectl first on PATH.
/// </summary>
internal static class ScenarioRun
{
    public static string Run(string scenario, Peer client, Peer daemon, bool enqueueMany, IDictionary<string, string>? environment = null,
        params string[] extraArguments)
    {
        using var bin = new TempDirectory("portabled-ctl-bin");
        // polkit.sh runs the client as nobody: the wrapper must be reachable for other users.
        File.SetUnixFileMode(bin.Path, (UnixFileMode)0x1ed);
        string portablectl = Path.Join(bin.Path, "portablectl");
        string ours = PortabledCommands.Portablectl;
        File.WriteAllText(portablectl, "#!/bin/sh\nexec " + (client == Peer.Upstream ? UpstreamSystemd262.Portablectl : ours) + " \"$@\"\n");
        File.SetUnixFileMode(portablectl, (UnixFileMode)0x1ed);
        string daemonCommand = daemon == Peer.Upstream ? UpstreamSystemd262.Daemon : PortabledCommands.Daemon + " --upstream-version=262";
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["STUB_ENQUEUE_MANY"] = enqueueMany ? "1" : "0",
            ["PATH"] = bin.Path + ":" + Environment.GetEnvironmentVariable("PATH"),
        };
        ProcessResult r = ProcessRunner.Run(PortabledCommands.Sandbox,
            ["--daemon=" + daemonCommand, "--stub-systemd1=" + PortabledCommands.StubSystemd1, "--",
             Path.Join(AppContext.BaseDirectory, "Scenarios", scenario), SampleImages.Directory, .. extraArguments],
            environment: env, timeout: TimeSpan.FromMinutes(5));
        Assert.True(r.ExitCode == 0, $"scenario {scenario} failed ({r.ExitCode}): {r.StandardError}");
        Assert.True(r.StandardError.Length == 0, $"scenario {scenario} wrote to stderr: {r.StandardError}");
        return r.StandardOutput;
    }
}
