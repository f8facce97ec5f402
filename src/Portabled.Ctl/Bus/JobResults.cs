// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Output;
using Portabled.SdBus;

namespace Portabled.Ctl.Bus;

/// <summary>systemctl's messages for a job that did not end "done" (docs/portablectl.md, "Jobs").</summary>
internal static class JobResults
{
    public static void Report(ServiceManagerClient manager, string unit, string result)
    {
        string? message = result switch
        {
            "done" => null,
            "skipped" => null,
            "canceled" => $"Job for {unit} canceled.",
            "timeout" => $"Job for {unit} timed out.",
            "dependency" => $"A dependency job for {unit} failed. See 'journalctl -xe' for details.",
            "invalid" => $"{unit} is not active, cannot reload.",
            "assert" => $"Assertion failed on job for {unit}.",
            "unsupported" => $"Operation on or unit type of {unit} not supported on this system.",
            "collected" => $"Queued job for {unit} was garbage collected.",
            "once" => $"Unit {unit} was started already once and can't be started again.",
            "frozen" => $"Cannot perform operation on frozen unit {unit}.",
            "concurrency" => $"Concurrency limit of a slice unit {unit} is contained in has been reached.",
            _ => Failed(manager, unit, result),
        };
        if (result is "done" or "skipped")
        {
            CtlLog.Debug(result == "done" ? $"Job for {unit} finished." : $"Job for {unit} was skipped.");
        }

        if (message is not null)
        {
            CtlLog.Error(message);
        }
    }

    // "failed", and any result newer than us, which systemctl treats the same way.
    private static string Failed(ServiceManagerClient manager, string unit, string result)
    {
        if (result != "failed")
        {
            CtlLog.Debug($"Unexpected job result '{result}' for unit '{unit}', assuming server side newer than us.");
        }

        if (!unit.EndsWith(".service", StringComparison.Ordinal))
        {
            return "Job failed. See \"journalctl -xe\" for details.";
        }

        string? serviceResult = null;
        try
        {
            serviceResult = manager.ServiceResult(unit);
        }
        catch (DBusException e)
        {
            CtlLog.Debug($"Failed to get Result property of unit {unit}, ignoring: {e.Describe()}");
        }

        string see = $"See \"systemctl status {unit}\" and \"journalctl -xeu {unit}\" for details.";
        string? why = serviceResult switch
        {
            "resources" => "of unavailable resources or another system error",
            "protocol" => "the service did not take the steps required by its unit configuration",
            "timeout" => "a timeout was exceeded",
            "exit-code" => "the control process exited with error code",
            "signal" => "a fatal signal was delivered to the control process",
            "core-dump" => "a fatal signal was delivered causing the control process to dump core",
            "watchdog" => "the service failed to send watchdog ping",
            "start-limit-hit" => "start of the service was attempted too often",
            "oom-kill" => "of an out-of-memory (OOM) situation",
            _ => null,
        };
        if (why is null)
        {
            return $"Job for {unit} failed.\n{see}";
        }

        string message = $"Job for {unit} failed because {why}.\n{see}";
        return serviceResult == "start-limit-hit"
            ? message + $"\nTo force a start use \"systemctl reset-failed {unit}\"\nfollowed by \"systemctl start {unit}\" again."
            : message;
    }
}
