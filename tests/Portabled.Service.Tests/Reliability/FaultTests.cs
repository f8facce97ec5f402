// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Reliability;

/// <summary>
/// Faults other than crashes (docs/reliability.md, "Faults other than crashes"), each during an
/// attach through the real portablectl (Scenarios/faults.sh): a clear error, the host as before
/// the call (or exactly attached where the daemon's part was complete), nothing left behind, and
/// the next operation works once the fault is gone.
/// </summary>
public sealed class FaultTests
{
    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "busctl")]
    public void Attach_FileSystemFull_NoSpaceErrorHostAsBefore() => RunCase("enospc");

    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "busctl")]
    public void Attach_RemountedReadOnlyMidway_ErrorThenUndoneByRecovery() => RunCase("erofs");

    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "busctl")]
    public void Attach_InputOutputError_ErrorHostAsBefore() => RunCase("eio");

    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "busctl")]
    public void Attach_ImageVanishedMidway_ErrorHostAsBefore() => RunCase("vanished-image");

    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "busctl")]
    public void AttachNow_Systemd1GoneBefore_ErrorHostAsBefore() => RunCase("systemd1-before-now");

    [RequiresFact("root", "unshare", "dbus-daemon", "portablectl", "busctl")]
    public void AttachNow_Systemd1GoneDuring_AttachedStartsReported() => RunCase("systemd1-during-now");

    private static void RunCase(string name)
    {
        ProcessResult r = ReliabilityScenario.Run("faults.sh", [name, SampleImages.Directory], TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0 && r.StandardOutput.TrimEnd().EndsWith("ok", StringComparison.Ordinal),
            $"rc {r.ExitCode}\n{r.StandardOutput}\n{r.StandardError}");
    }
}
