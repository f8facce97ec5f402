// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Bus;
using Portabled.Ctl.Output;
using Portabled.SdBus;

namespace Portabled.Ctl.Verbs;

/// <summary>
/// What --enable, --now and --clean ask of the service manager around attach, reattach and detach
/// (docs/portablectl.md, "Service manager"): enable/disable one unit file at a time, then one
/// EnqueueUnitJobMany() for all units (systemd 262), falling back to one StartUnit/StopUnit/
/// RestartUnit per unit when the manager does not know it. Failures are logged and otherwise
/// ignored, as upstream ignores them.
/// </summary>
internal static class UnitActions
{
    private static readonly string[] s_managed = [".service", ".target", ".socket", ".path", ".timer"];

    public static bool IsPortableManaged(string path) => s_managed.Any(s => path.EndsWith(s, StringComparison.Ordinal));

    public static ulong EnableFlags(CtlContext context) =>
        ServiceManagerClient.UnitFilePortable | (context.Settings.Runtime ? ServiceManagerClient.UnitFileRuntime : 0);

    /// <summary>attach: enable each unit file that was put in place, then start them all.</summary>
    public static void EnableStart(CtlContext context, IReadOnlyList<PortableChange> changes)
    {
        if (!context.Settings.Enable && !context.Settings.Now)
        {
            return;
        }

        using JobWaiter? wait = context.Settings.NoBlock ? null : new JobWaiter(context.ServiceManager);
        List<string> units = [];
        foreach (PortableChange c in changes.Where(c => c.Type is "symlink" or "copy" && IsPortableManaged(c.Path)))
        {
            Enable(context, c.Path);
            units.Add(Path.GetFileName(c.Path));
        }

        if (context.Settings.Now)
        {
            Enqueue(context, units, "StartUnit", "start", wait);
        }

        wait?.Wait(logErrors: context.Settings.Quiet);
    }

    /// <summary>reattach: stop the units that went away, enable and restart the ones put in place.</summary>
    public static void StopEnableRestart(CtlContext context, IReadOnlyList<PortableChange> removed, IReadOnlyList<PortableChange> updated)
    {
        if (!context.Settings.Enable && !context.Settings.Now)
        {
            return;
        }

        using JobWaiter? wait = context.Settings.NoBlock ? null : new JobWaiter(context.ServiceManager);
        if (context.Settings.Now)
        {
            Enqueue(context, removed.Where(c => c.Type == "unlink" && IsPortableManaged(c.Path)).Select(c => Path.GetFileName(c.Path)).ToList(), "StopUnit", "stop", wait);
        }

        List<string> restart = [];
        foreach (PortableChange c in updated.Where(c => c.Type is "symlink" or "copy" && IsPortableManaged(c.Path)))
        {
            Enable(context, c.Path);
            restart.Add(Path.GetFileName(c.Path));
        }

        if (context.Settings.Now)
        {
            Enqueue(context, restart, "RestartUnit", "restart", wait);
        }

        wait?.Wait(logErrors: context.Settings.Quiet);
    }

    /// <summary>detach: stop (always waiting: the detach fails while they run), disable, then clean the units.</summary>
    public static void StopDisableClean(CtlContext context, IReadOnlyList<string> units, JobWaiter wait)
    {
        if (context.Settings.Now)
        {
            Enqueue(context, units, "StopUnit", "stop", wait);
        }

        if (context.Settings.Enable)
        {
            foreach (string unit in units)
            {
                try
                {
                    ChangePrinter.PrintInstallChanges(context, context.ServiceManager.DisableUnitFiles(unit, EnableFlags(context)));
                }
                catch (DBusException e)
                {
                    CtlLog.Error($"Failed to disable the portable service {unit}: {e.Describe()}");
                }
            }
        }

        wait.Wait(logErrors: context.Settings.Quiet);
        if (!context.Settings.Clean)
        {
            return;
        }

        foreach (string unit in units)
        {
            try
            {
                context.ServiceManager.CleanUnit(unit);
            }
            catch (DBusException e)
            {
                CtlLog.Error($"Failed to call CleanUnit on portable service {unit}: {e.Describe()}");
                return;
            }
        }
    }

    private static void Enable(CtlContext context, string path)
    {
        if (!context.Settings.Enable)
        {
            return;
        }

        try
        {
            ChangePrinter.PrintInstallChanges(context, context.ServiceManager.EnableUnitFiles(path, EnableFlags(context)));
        }
        catch (DBusException e)
        {
            CtlLog.Error($"Failed to enable the portable service {path}: {e.Describe()}");
        }
    }

    private static void Enqueue(CtlContext context, IReadOnlyList<string> units, string method, string jobType, JobWaiter? wait)
    {
        if (units.Count == 0)
        {
            return;
        }

        IReadOnlyList<(string Job, string Unit)> jobs;
        try
        {
            jobs = context.ServiceManager.EnqueueUnitJobMany(units, jobType);
        }
        catch (DBusException e) when (e.ErrorName is "org.freedesktop.DBus.Error.UnknownMethod" or "org.freedesktop.DBus.Error.UnknownInterface")
        {
            CtlLog.Debug($"EnqueueUnitJobMany() not supported ({e.Describe()}), falling back to per-unit calls.");
            jobs = PerUnit(context, units, method);
        }
        catch (DBusException e)
        {
            CtlLog.Error($"Failed to enqueue jobs for portable services: {e.Describe()}");
            return;
        }

        foreach (var (job, unit) in jobs)
        {
            context.Info($"Queued {job} to call {method} on portable service {unit}.");
            wait?.Add(job);
        }
    }

    private static List<(string Job, string Unit)> PerUnit(CtlContext context, IReadOnlyList<string> units, string method)
    {
        var jobs = new List<(string, string)>();
        foreach (string unit in units)
        {
            try
            {
                jobs.Add((context.ServiceManager.UnitJob(method, unit), unit));
            }
            catch (DBusException e)
            {
                CtlLog.Error($"Failed to call {method} on the portable service {unit}: {e.Describe()}");
            }
        }

        return jobs;
    }
}
