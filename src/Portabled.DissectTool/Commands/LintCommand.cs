// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Host;
using Portabled.Core.Lint;
using Portabled.Core.Versions;
using Portabled.DissectTool.Output;

namespace Portabled.DissectTool.Commands;

/// <summary>
/// --lint (docs/lint.md): checks IMAGE as the newest upstream (262) would attach it, unprivileged and
/// without a daemon, and prints one line per finding (or JSON). Exit status: 0 clean, 1 failures,
/// 2 warnings only with --strict.
/// </summary>
internal static class LintCommand
{
    public static int Run(ToolContext context, string image, LintOptions options, JsonMode json)
    {
        // Attach takes absolute, normalized paths; the tool takes what the shell gives.
        string path = Path.GetFullPath(image);
        if (path.Length > 1)
        {
            path = path.TrimEnd('/');
        }

        var request = new LintRequest(path)
        {
            Extensions = [.. options.Extensions.Select(e => e.Contains('/', StringComparison.Ordinal) ? Path.GetFullPath(e).TrimEnd('/') : e)],
            Profile = options.Profile,
            Scope = options.Scope,
        };
        LintReport report = new ImageLinter(new HostLayout(), UpstreamBehavior.V262).Lint(request);
        if (json == JsonMode.Off)
        {
            LintTextWriter.Write(context.Out, report);
        }
        else
        {
            LintJsonWriter.Write(context.Out, report, json == JsonMode.Pretty);
        }

        return report.HasFailures ? 1 : options.Strict && report.HasWarnings ? 2 : 0;
    }
}
