// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Lint;

namespace Portabled.DissectTool.Output;

/// <summary>The text output of --lint: <c>SEVERITY CHECK-ID SUBJECT: MESSAGE</c> per finding, then a summary line.</summary>
internal static class LintTextWriter
{
    public static void Write(TextWriter output, LintReport report)
    {
        foreach (LintFinding finding in report.Findings)
        {
            string severity = finding.Severity == LintSeverity.Failure ? "error" : "warning";
            output.WriteLine($"{severity} {finding.Check.Id} {finding.Subject}: {finding.Message}");
        }

        int failures = report.Findings.Count(f => f.Severity == LintSeverity.Failure);
        int warnings = report.Findings.Count - failures;
        output.WriteLine(report.Findings.Count == 0
            ? $"{report.Image}: no problems found ({LintChecks.All.Count} checks)."
            : $"{report.Image}: {failures} error(s), {warnings} warning(s).");
    }
}
