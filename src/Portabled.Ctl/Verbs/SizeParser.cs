// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Verbs;

/// <summary>
/// systemd's parse_size() with base 1024: one or more "NUMBER[.FRACTION][SUFFIX]" terms that add
/// up (suffixes B, K, M, G, T, P, E; none means bytes), whitespace allowed around them; negative
/// numbers, a missing number and overflow are refused (null).
/// </summary>
internal static class SizeParser
{
    private static readonly (string Suffix, ulong Factor)[] s_table =
    [
        ("E", 1UL << 60), ("P", 1UL << 50), ("T", 1UL << 40), ("G", 1UL << 30), ("M", 1UL << 20), ("K", 1UL << 10), ("B", 1), (string.Empty, 1),
    ];

    public static ulong? Parse(string text)
    {
        ulong total = 0;
        int p = 0;
        do
        {
            p = SkipSpace(text, p);
            if (p < text.Length && text[p] == '-')
            {
                return null;
            }

            int start = p;
            ulong whole = 0;
            while (p < text.Length && char.IsAsciiDigit(text[p]))
            {
                if (whole > (ulong.MaxValue - (ulong)(text[p] - '0')) / 10)
                {
                    return null;
                }

                whole = (whole * 10) + (ulong)(text[p++] - '0');
            }

            if (p == start)
            {
                return null;
            }

            ulong fraction = 0, fractionScale = 1;
            if (p < text.Length && text[p] == '.')
            {
                p++;
                while (p < text.Length && char.IsAsciiDigit(text[p]))
                {
                    if (fractionScale < 1_000_000_000_000_000UL)
                    {
                        fraction = (fraction * 10) + (ulong)(text[p] - '0');
                        fractionScale *= 10;
                    }

                    p++;
                }
            }

            p = SkipSpace(text, p);
            (string suffix, ulong factor) = s_table.First(e => string.CompareOrdinal(text, p, e.Suffix, 0, e.Suffix.Length) == 0);
            p += suffix.Length;
            ulong term;
            try
            {
                term = checked((whole * factor) + (ulong)((decimal)fraction * factor / fractionScale));
                total = checked(total + term);
            }
            catch (OverflowException)
            {
                return null;
            }

            p = SkipSpace(text, p);
        }
        while (p < text.Length);

        return total;
    }

    private static int SkipSpace(string s, int p)
    {
        while (p < s.Length && char.IsWhiteSpace(s[p]))
        {
            p++;
        }

        return p;
    }
}
