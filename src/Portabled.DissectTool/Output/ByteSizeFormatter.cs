// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;

namespace Portabled.DissectTool.Output;

/// <summary>Sizes as systemd's FORMAT_BYTES() prints them: powers of 1024 with one truncated decimal (<c>4.0K</c>, <c>8.0M</c>), plain bytes below 1 KiB (<c>512B</c>).</summary>
internal static class ByteSizeFormatter
{
    private static readonly (string Suffix, ulong Factor)[] s_units =
    [
        ("E", 1UL << 60), ("P", 1UL << 50), ("T", 1UL << 40), ("G", 1UL << 30), ("M", 1UL << 20), ("K", 1UL << 10),
    ];

    public static string Format(ulong bytes)
    {
        foreach ((string suffix, ulong factor) in s_units)
        {
            if (bytes >= factor)
            {
                ulong whole = bytes / factor;
                ulong tenth = (bytes % factor) * 10 / factor;
                return string.Create(CultureInfo.InvariantCulture, $"{whole}.{tenth}{suffix}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytes}B");
    }
}
