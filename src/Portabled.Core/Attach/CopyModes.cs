// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Versions;

namespace Portabled.Core.Attach;

/// <summary>Parses <c>copy_mode</c> strings.</summary>
internal static class CopyModes
{
    /// <summary>The mode, or InvalidArgs <c>Unknown copy mode '%s'</c> (252 does not know <c>mixed</c>).</summary>
    public static CopyMode Parse(string value, UpstreamBehavior behavior) => value switch
    {
        "" => CopyMode.Auto,
        "copy" => CopyMode.Copy,
        "symlink" => CopyMode.Symlink,
        "mixed" when behavior.HasMixedCopyMode => CopyMode.Mixed,
        _ => throw new InvalidArgumentsException($"Unknown copy mode '{value}'"),
    };
}
