// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Lint;

/// <summary>One check of the image lint (docs/lint.md): a stable id, its severity and what it looks for.</summary>
/// <param name="Id">The stable id, <c>family.name</c>, printed and in the JSON output; never renamed.</param>
/// <param name="Severity">Whether a finding of this check is a failure or a warning.</param>
/// <param name="Summary">One line on what the check looks for, as docs/lint.md lists it.</param>
public sealed record LintCheck(string Id, LintSeverity Severity, string Summary);
