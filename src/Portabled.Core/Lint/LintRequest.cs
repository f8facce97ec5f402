// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Lint;

/// <summary>What to lint: an image by path with its extensions, as <c>portablectl attach</c> would be asked.</summary>
/// <param name="Image">The root image's absolute, normalized path.</param>
public sealed record LintRequest(string Image)
{
    /// <summary>Extension images (absolute paths or image names), in order.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [];

    /// <summary>The profile the units would be attached with (portablectl's default: <c>default</c>).</summary>
    public string Profile { get; init; } = "default";

    /// <summary>The runtime scope.</summary>
    public LintScope Scope { get; init; } = LintScope.System;

    /// <summary>The prefix matches; null for portablectl's default, the image name.</summary>
    public IReadOnlyList<string>? Matches { get; init; }
}
