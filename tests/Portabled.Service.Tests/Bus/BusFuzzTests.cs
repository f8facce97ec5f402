// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// A short seeded run of the bus-surface fuzzer (Scenarios/bus-fuzz.py): every Manager and Image
/// method with generated arguments and wrong signatures, as root and as nobody, against our daemon
/// in scripts/sandbox; after every call the daemon is alive, answered within the bound, the attached
/// state is consistent and nothing was written outside the daemon's own directories. The seeds are
/// fixed, so a failure replays with the same calls; the long run is scripts/bus-fuzz
/// (docs/reliability.md).
/// </summary>
public sealed class BusFuzzTests
{
    private const string Python = "/usr/bin/python3";

    [RequiresTheory("root", "unshare", "dbus-daemon", "chattr", Python)]
    [InlineData(1)]
    [InlineData(2)]
    public void SeededRun_EveryCall_KeepsTheInvariants(int seed)
    {
        string driver = Path.Join(AppContext.BaseDirectory, "Scenarios", "bus-fuzz.py");
        ProcessResult r = ProcessRunner.Run(PortabledCommands.Sandbox,
            ["--start=direct", "--daemon=" + PortabledCommands.Daemon + " --idle-exit=infinity", "--stub-systemd1=" + PortabledCommands.StubSystemd1,
             "--", Python, driver, SampleImages.Directory, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--calls", "400"],
            timeout: TimeSpan.FromMinutes(5));
        Assert.True(r.ExitCode == 0, $"bus-fuzz seed {seed} failed ({r.ExitCode}):\n{r.StandardOutput}\n{r.StandardError}");
        Assert.Contains($"bus-fuzz: seed {seed}: 400 calls", r.StandardOutput, StringComparison.Ordinal);
    }
}
