// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Bus;
using Portabled.Ctl.Output;

namespace Portabled.Ctl.Verbs;

/// <summary>The change lines of attach/detach/reattach, and of systemd's enable/disable replies.</summary>
internal static class ChangePrinter
{
    /// <summary>portabled's changes: "Created symlink A → B.", "Copied B → A.", "Removed A.", …</summary>
    public static void Print(CtlContext context, IReadOnlyList<PortableChange> changes)
    {
        if (context.Settings.Quiet)
        {
            return;
        }

        string arrow = Glyphs.ArrowRight;
        foreach (PortableChange c in changes)
        {
            switch (c.Type)
            {
                case "symlink":
                    CtlLog.Info($"Created symlink {c.Path} {arrow} {c.Source}.");
                    break;
                case "copy":
                    CtlLog.Info(c.Source.Length == 0 ? $"Copied {c.Path}." : $"Copied {c.Source} {arrow} {c.Path}.");
                    break;
                case "unlink":
                    CtlLog.Info($"Removed {c.Path}.");
                    break;
                case "write":
                    CtlLog.Info($"Written {c.Path}.");
                    break;
                case "mkdir":
                    CtlLog.Info($"Created directory {c.Path}.");
                    break;
                default:
                    CtlLog.Error($"Unexpected change: {c.Type}/{c.Path}/{c.Source}");
                    break;
            }
        }
    }

    /// <summary>systemd's install changes (EnableUnitFilesWithFlags/DisableUnitFilesWithFlags replies), quoted as systemd 262 quotes them.</summary>
    public static void PrintInstallChanges(CtlContext context, IReadOnlyList<PortableChange> changes)
    {
        foreach (PortableChange c in changes)
        {
            switch (c.Type)
            {
                case "symlink":
                    context.Info($"Created symlink '{c.Path}' {Glyphs.ArrowRight} '{c.Source}'.");
                    break;
                case "unlink":
                    context.Info($"Removed '{c.Path}'.");
                    break;
                case "is-masked":
                    CtlLog.Warning($"Unit {c.Path} is masked, ignoring.");
                    break;
                case "is-masked-generator":
                    CtlLog.Warning($"Unit {c.Path} is masked via a generator and cannot be unmasked, skipping.");
                    break;
                case "is-dangling":
                    CtlLog.Warning($"Unit {c.Path} is an alias to a non-existent unit, ignoring.");
                    break;
                default:
                    CtlLog.Debug($"Unknown install change {c.Type} {c.Path} {c.Source}");
                    break;
            }
        }
    }
}
