// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Bus;
using Portabled.Ctl.Help;
using Portabled.Ctl.Images;
using Portabled.Ctl.Output;
using Portabled.SdBus;

namespace Portabled.Ctl.CommandLine;

/// <summary>
/// Applies one option to the settings, in command-line order as upstream's parse_argv() does:
/// --help, --version and the "help" values act at once and end the program (their exit code is
/// returned); bad values fail with upstream's messages.
/// </summary>
internal static class OptionHandler
{
    public static int? Apply(CtlContext context, OptionDefinition option, string? value)
    {
        CtlSettings s = context.Settings;
        switch (option.Id)
        {
            case OptionId.Help:
                HelpText.Print(context);
                return 0;
            case OptionId.Version:
                HelpText.PrintVersion();
                return 0;
            case OptionId.NoPager:
                s.NoPager = true;
                break;
            case OptionId.NoLegend:
                s.Legend = false;
                break;
            case OptionId.NoAskPassword:
                s.AskPassword = false;
                break;
            case OptionId.Host:
                s.Transport = BusTransport.Remote;
                s.Host = value;
                break;
            case OptionId.Machine:
                if (!MachineSpec.IsValid(value!))
                {
                    throw new CtlException($"Invalid --machine= specified: {value}");
                }

                s.Transport = BusTransport.Machine;
                s.Host = value;
                break;
            case OptionId.Quiet:
                s.Quiet = true;
                break;
            case OptionId.Profile:
                if (value == "help")
                {
                    return DumpProfiles(context);
                }

                s.Profile = FileNames.IsValidFileName(value!) ? value! : throw new CtlException($"Profile name '{value}' is not valid.");
                break;
            case OptionId.Copy:
                return Copy(s, value!);
            case OptionId.Runtime:
                s.Runtime = true;
                break;
            case OptionId.NoReload:
                s.Reload = false;
                break;
            case OptionId.Cat:
                s.Cat = true;
                break;
            case OptionId.Enable:
                s.Enable = true;
                break;
            case OptionId.Now:
                s.Now = true;
                break;
            case OptionId.NoBlock:
                s.NoBlock = true;
                break;
            case OptionId.Extension:
                s.Extensions.Add(value!);
                break;
            case OptionId.Force:
                s.Force = true;
                break;
            case OptionId.Clean:
                s.Clean = true;
                break;
            case OptionId.User:
                s.Scope = RuntimeScope.User;
                break;
            case OptionId.System:
                s.Scope = RuntimeScope.System;
                break;
            case OptionId.Json:
                return Json(s, value!);
        }

        return null;
    }

    private static int? Copy(CtlSettings s, string value)
    {
        switch (value)
        {
            case "help":
                StandardOutput.Write("auto\ncopy\nsymlink\nmixed\n\n");
                return 0;
            case "auto":
                s.CopyMode = string.Empty;
                return null;
            case "copy" or "symlink" or "mixed":
                s.CopyMode = value;
                return null;
            default:
                throw new CtlException($"Failed to parse --copy= argument: {value}");
        }
    }

    private static int? Json(CtlSettings s, string value)
    {
        switch (value)
        {
            case "help":
                StandardOutput.Write("short\npretty\noff\n");
                return 0;
            case "short":
                s.Json = JsonMode.Short;
                return null;
            case "pretty":
                s.Json = JsonMode.Pretty;
                return null;
            case "off":
                s.Json = JsonMode.Off;
                return null;
            default:
                throw new CtlException($"Unknown argument to --json= parameter: {value}");
        }
    }

    private static int DumpProfiles(CtlContext context)
    {
        context.AcquireBus();
        IReadOnlyList<string> profiles;
        try
        {
            profiles = context.Portable.Profiles();
        }
        catch (DBusException e)
        {
            throw new CtlException($"Failed to acquire list of profiles: {e.Describe()}");
        }

        if (context.Settings.Legend)
        {
            CtlLog.Info("Available unit profiles:");
        }

        foreach (string p in profiles)
        {
            StandardOutput.WriteLine(p);
        }

        return 0;
    }
}
