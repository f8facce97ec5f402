// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;

namespace Portabled.Ctl.Output;

/// <summary>
/// systemd 262's format_bytes(): base-1024 with one decimal when it is not zero ("1.5M", "2M",
/// "1016K"), bytes below 1 KiB with a "B"; null for UINT64_MAX (unknown).
/// </summary>
internal static class ByteSizes
{
    private static readonly (string Suffix, ulong Factor)[] s_units =
    [
        ("E", 1UL << 60), ("P", 1UL << 50), ("T", 1UL << 40), ("G", 1UL << 30), ("M", 1UL << 20), ("K", 1UL << 10),
    ];

    public static string? Format(ulong bytes)
    {
        if (bytes == ulong.MaxValue)
        {
            return null;
        }

        for (int i = 0; i < s_units.Length; i++)
        {
            (string suffix, ulong factor) = s_units[i];
            if (bytes < factor)
            {
                continue;
            }

            ulong tenth = i != s_units.Length - 1
                ? (bytes / s_units[i + 1].Factor * 10 / 1024) % 10
                : ((bytes * 10) / factor) % 10;
            string whole = (bytes / factor).ToString(CultureInfo.InvariantCulture);
            return tenth > 0 ? $"{whole}.{tenth.ToString(CultureInfo.InvariantCulture)}{suffix}" : whole + suffix;
        }

        return bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }
}
