// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Management;

/// <summary>The quota limits the API accepts (upstream's FILE_SIZE_VALID_OR_INFINITY).</summary>
public static class ImageLimits
{
    /// <summary>"No limit".</summary>
    public const ulong Infinity = ulong.MaxValue;

    /// <summary>Whether <paramref name="limit"/> is a file size (below 2⁶³) or <see cref="Infinity"/>; anything else is "New limit out of range".</summary>
    public static bool IsValid(ulong limit) => limit == Infinity || limit >> 63 == 0;
}
