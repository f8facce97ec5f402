// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Lint;

/// <summary>Everything the lint found for one request, in the order the checks ran.</summary>
/// <param name="Image">The image linted, as given.</param>
/// <param name="Findings">The findings.</param>
public sealed record LintReport(string Image, IReadOnlyList<LintFinding> Findings)
{
    /// <summary>Whether a finding is a failure.</summary>
    public bool HasFailures => Findings.Any(f => f.Severity == LintSeverity.Failure);

    /// <summary>Whether a finding is a warning.</summary>
    public bool HasWarnings => Findings.Any(f => f.Severity == LintSeverity.Warning);
}
