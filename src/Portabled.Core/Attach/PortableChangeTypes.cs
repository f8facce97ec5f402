// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics.CodeAnalysis;

namespace Portabled.Core.Attach;

/// <summary>Wire strings of <see cref="PortableChangeType"/>.</summary>
public static class PortableChangeTypes
{
    /// <summary>The string the D-Bus API uses for <paramref name="type"/>.</summary>
    public static string ToWire(PortableChangeType type) => type switch
    {
        PortableChangeType.Copy => "copy",
        PortableChangeType.Symlink => "symlink",
        PortableChangeType.Unlink => "unlink",
        PortableChangeType.Write => "write",
        PortableChangeType.Mkdir => "mkdir",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Parses a wire string; false for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out PortableChangeType type)
    {
        PortableChangeType? parsed = value switch
        {
            "copy" => PortableChangeType.Copy,
            "symlink" => PortableChangeType.Symlink,
            "unlink" => PortableChangeType.Unlink,
            "write" => PortableChangeType.Write,
            "mkdir" => PortableChangeType.Mkdir,
            _ => null,
        };
        type = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }
}
