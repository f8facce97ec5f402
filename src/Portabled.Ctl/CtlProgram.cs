// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.CommandLine;
using Portabled.Ctl.Output;
using Portabled.Ctl.Verbs;

namespace Portabled.Ctl;

/// <summary>
/// portablectl: options in order (some act at once), then the verb. The one top-level handler:
/// a <see cref="CtlException"/> is logged as an error and becomes the exit status (1).
/// </summary>
internal static class CtlProgram
{
    public static int Run(string[] args)
    {
        string program = ProgramName();
        using var context = new CtlContext(new CtlSettings(), program);
        try
        {
            var positional = new List<string>();
            foreach (ParsedOption parsed in new OptionParser(Options.All, program).Parse(args))
            {
                if (parsed.Option is null)
                {
                    positional.Add(parsed.Value!);
                }
                else if (OptionHandler.Apply(context, parsed.Option, parsed.Value) is int exit)
                {
                    return exit;
                }
            }

            return VerbTable.Dispatch(context, positional);
        }
        catch (CtlException e)
        {
            if (!e.Logged)
            {
                CtlLog.Error(e.Message);
            }

            return e.ExitCode;
        }
    }

    // program_invocation_short_name: argv[0]'s file name (a JIT run names the .dll).
    private static string ProgramName()
    {
        string[] argv = Environment.GetCommandLineArgs();
        string name = argv.Length > 0 ? Path.GetFileName(argv[0]) : string.Empty;
        name = name.EndsWith(".dll", StringComparison.Ordinal) ? name[..^4] : name;
        return name.Length > 0 ? name : "portablectl";
    }
}
