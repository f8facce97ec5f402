// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics.CodeAnalysis;

namespace Portabled.Core.Images;

/// <summary>Wire strings of <see cref="PortableImageType"/>.</summary>
public static class PortableImageTypes
{
    /// <summary>The string the D-Bus API uses for <paramref name="type"/>.</summary>
    public static string ToWire(PortableImageType type) => type switch
    {
        PortableImageType.Directory => "directory",
        PortableImageType.Subvolume => "subvolume",
        PortableImageType.Raw => "raw",
        PortableImageType.Block => "block",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Parses a wire string; false for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out PortableImageType type)
    {
        switch (value)
        {
            case "directory":
                type = PortableImageType.Directory;
                return true;
            case "subvolume":
                type = PortableImageType.Subvolume;
                return true;
            case "raw":
                type = PortableImageType.Raw;
                return true;
            case "block":
                type = PortableImageType.Block;
                return true;
            default:
                type = default;
                return false;
        }
    }
}
