// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Lint;

/// <summary>What one check found.</summary>
/// <param name="Check">The check that found it.</param>
/// <param name="Subject">The file, field or partition at fault (<c>/etc/os-release</c>, <c>app.service: User=</c>, <c>partition root</c>).</param>
/// <param name="Message">What is wrong and what to do, in one sentence or two.</param>
public sealed record LintFinding(LintCheck Check, string Subject, string Message)
{
    /// <summary>The check's severity.</summary>
    public LintSeverity Severity => Check.Severity;
}
