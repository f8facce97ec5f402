// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Reliability;

/// <summary>
/// The crash trials in CI (docs/reliability.md, "Crash trials"): SIGKILL at every host-write step
/// of attach, reattach and detach of a five-unit image, then at seeded random steps, through the
/// real portablectl with bus re-activation; after the daemon's recovery at start the host is
/// exactly attached or exactly detached, with no temporary, and every operation not killed works.
/// </summary>
public sealed class CrashTrialsTests
{
    /// <summary>Trials in CI: the every-step sweeps (about 130) and random ones; 1000 took 116 s here.</summary>
    private const int Trials = 400;

    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "busctl")]
    public void CrashTrials_Seed1_NoHalfAttachedHostNoTemporaries()
    {
        ProcessResult r = ReliabilityScenario.Run("crash-trials.sh", [Trials.ToString(System.Globalization.CultureInfo.InvariantCulture), "1", SampleImages.Directory],
            TimeSpan.FromMinutes(8));
        string figures = r.StandardOutput.TrimEnd().Split('\n')[^1];
        Assert.True(r.ExitCode == 0, $"{figures}\n{r.StandardError}");
        Assert.Matches($"^trials={Trials} killed=[1-9][0-9]* unclean-before-recovery=[0-9]+ half-attached=0 stray-temporaries=0 failed-ops=0$", figures);
    }
}
