// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Dissection;
using Portabled.DissectTool.Commands;
using Portabled.DissectTool.Output;

namespace Portabled.DissectTool;

/// <summary>
/// The tool's one top-level handler: parse, run the command, and turn any failure into a single
/// line <c>Failed to &lt;verb&gt; …: &lt;message&gt;</c> on standard error with exit status 1.
/// </summary>
internal static class DissectTool
{
    public static int Run(string[] args, Stream standardOutput, TextWriter standardError)
    {
        using var context = new ToolContext(standardOutput, standardError);
        ToolArguments arguments;
        try
        {
            arguments = ToolArguments.Parse(args);
        }
        catch (ArgumentException e)
        {
            standardError.WriteLine($"Failed to parse command line: {e.Message}");
            return 1;
        }

        string image = arguments.Positional.Count > 0 ? arguments.Positional[0] : string.Empty;
        string verb = arguments.Action switch
        {
            ToolAction.List => $"list image '{image}'",
            ToolAction.Mtree => $"generate mtree of image '{image}'",
            ToolAction.Verify => $"verify image '{image}'",
            ToolAction.Lint => $"lint image '{image}'",
            ToolAction.CopyFrom => $"copy '{(arguments.Positional.Count > 1 ? arguments.Positional[1] : string.Empty)}' from image '{image}'",
            _ => $"dissect image '{image}'",
        };
        var options = new DissectionOptions { VerityCertificateRoot = arguments.CertificateRoot };
        try
        {
            switch (arguments.Action)
            {
                case ToolAction.Help:
                    context.Out.Write(HelpText.Text);
                    break;
                case ToolAction.Version:
                    context.Out.Write(HelpText.Version);
                    break;
                case ToolAction.Summary:
                    SummaryCommand.Run(context, image, options, arguments.Json, arguments.Legend);
                    break;
                case ToolAction.List:
                case ToolAction.Mtree:
                    TreeCommand.Run(context, image, options, mtree: arguments.Action == ToolAction.Mtree);
                    break;
                case ToolAction.CopyFrom:
                    CopyFromCommand.Run(context, image, options, arguments.Positional[1], arguments.Positional.Count > 2 ? arguments.Positional[2] : "-");
                    break;
                case ToolAction.Verify:
                    VerifyCommand.Run(context, image, options);
                    break;
                case ToolAction.Lint:
                    int status = LintCommand.Run(context, image, arguments.Lint, arguments.Json);
                    context.Out.Flush();
                    return status;
            }

            context.Out.Flush();
            return 0;
        }
        catch (Exception e)
        {
            // The single place exceptions become messages: one line, never a stack trace.
            context.Out.Flush();
            string message = e is DissectionException d ? DissectionMessages.For(d, image) : e.Message;
            standardError.WriteLine($"Failed to {verb}: {message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }
}
