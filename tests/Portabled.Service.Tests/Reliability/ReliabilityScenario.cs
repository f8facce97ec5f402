// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Reliability;

/// <summary>
/// Runs a reliability scenario (Scenarios/crash-trials.sh, faults.sh) in scripts/sandbox: our
/// daemon bus-activated through Scenarios/hooked-daemon.sh (the test-only hooks of
/// docs/reliability.md), the stand-in systemd1 reporting 252, the real portablectl.
/// </summary>
internal static class ReliabilityScenario
{
    public static ProcessResult Run(string scenario, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        string scenarios = Path.Join(AppContext.BaseDirectory, "Scenarios");
        var environment = new Dictionary<string, string>
        {
            ["HOOKED_DAEMON"] = PortabledCommands.Daemon + " --idle-exit=infinity --upstream-version=252",
            ["STUB_SYSTEMD_VERSION"] = "252.39-1~deb12u2",
        };
        return ProcessRunner.Run(PortabledCommands.Sandbox,
            ["--daemon=" + Path.Join(scenarios, "hooked-daemon.sh"), "--stub-systemd1=" + PortabledCommands.StubSystemd1, "--",
             Path.Join(scenarios, scenario), .. arguments],
            environment: environment, timeout: timeout);
    }
}
