// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Lint;

namespace Portabled.DissectTool.Output;

/// <summary>The JSON output of --lint: <c>{"image", "findings": [{"check", "severity", "subject", "message"}], "failures", "warnings"}</c>.</summary>
internal static class LintJsonWriter
{
    public static void Write(TextWriter output, LintReport report, bool pretty)
    {
        var json = new JsonOutputWriter(output, pretty);
        json.StartObject();
        json.String("image", report.Image);
        json.StartArray("findings");
        foreach (LintFinding finding in report.Findings)
        {
            json.StartObject();
            json.String("check", finding.Check.Id);
            json.String("severity", finding.Severity == LintSeverity.Failure ? "error" : "warning");
            json.String("subject", finding.Subject);
            json.String("message", finding.Message);
            json.EndObject();
        }

        json.EndArray();
        json.Number("failures", report.Findings.Count(f => f.Severity == LintSeverity.Failure));
        json.Number("warnings", report.Findings.Count(f => f.Severity == LintSeverity.Warning));
        json.EndObject();
        json.Finish();
    }
}
