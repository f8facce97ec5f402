// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Lint;

/// <summary>How bad a finding is.</summary>
public enum LintSeverity
{
    /// <summary>Attach is refused, or PID 1 refuses to start the unit.</summary>
    Failure,

    /// <summary>Attach works, but something is silently left out or overridden.</summary>
    Warning,
}
