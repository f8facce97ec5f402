// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Lint;

/// <summary>The portabled runtime scope the image is meant for (<c>--scope=</c>), which <c>PORTABLE_SCOPE=</c> must allow.</summary>
public enum LintScope
{
    /// <summary>The system daemon (the default).</summary>
    System,

    /// <summary>A per-user daemon.</summary>
    User,
}
