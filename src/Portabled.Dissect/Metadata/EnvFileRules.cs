// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Metadata;

/// <summary>
/// The one place where systemd releases parse environment files differently (docs/image-metadata.md).
/// Everything else about the syntax is the same from 252 to 262.
/// </summary>
public sealed record EnvFileRules
{
    /// <summary>systemd 254 and later (262): a backslash at the end of a comment line does not continue the comment.</summary>
    public static readonly EnvFileRules Current = new() { CommentBackslashContinuesLine = false };

    /// <summary>systemd before 254 (252): a backslash at the end of a comment line makes the next line part of the comment.</summary>
    public static readonly EnvFileRules BeforeV254 = new() { CommentBackslashContinuesLine = true };

    /// <summary>Whether a comment line ending in a backslash swallows the line after it.</summary>
    public required bool CommentBackslashContinuesLine { get; init; }
}
