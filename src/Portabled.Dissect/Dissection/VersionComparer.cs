// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Dissection;

/// <summary>
/// Orders version strings by the UAPI Version Format Specification ("Version Comparison"), as
/// systemd's strverscmp_improved() does; DPS picks the partition whose label compares highest.
/// Characters outside <c>a-z A-Z 0-9 - . ~ ^</c> are separators. A string with <c>~</c>, <c>-</c>,
/// <c>^</c> or <c>.</c> where the other has something else compares lower — tilde even lower than
/// the end of the string (so <c>1~rc1 &lt; 1</c>), the others only once neither string has ended.
/// Numbers compare numerically, letters ordinally (<c>A &lt; a</c>), numbers above letters.
/// An empty (or null) string compares lower than any non-empty one.
/// </summary>
public sealed class VersionComparer : IComparer<string?>
{
    /// <summary>The shared instance.</summary>
    public static VersionComparer Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (string.IsNullOrEmpty(x) || string.IsNullOrEmpty(y))
        {
            return Math.Sign(string.CompareOrdinal(x ?? string.Empty, y ?? string.Empty));
        }

        int i = 0, j = 0;
        while (true)
        {
            while (i < x.Length && !IsVersionChar(x[i]))
            {
                i++;
            }

            while (j < y.Length && !IsVersionChar(y[j]))
            {
                j++;
            }

            if (CompareSpecial('~', x, ref i, y, ref j) is int tilde and not 0)
            {
                return tilde;
            }

            if (i >= x.Length || j >= y.Length)
            {
                return (i < x.Length ? 1 : 0) - (j < y.Length ? 1 : 0);
            }

            foreach (char special in "-^.")
            {
                if (CompareSpecial(special, x, ref i, y, ref j) is int r and not 0)
                {
                    return r;
                }
            }

            int part = IsDigit(At(x, i)) || IsDigit(At(y, j))
                ? CompareNumbers(x, ref i, y, ref j)
                : CompareLetters(x, ref i, y, ref j);
            if (part != 0)
            {
                return part;
            }
        }
    }

    private static char At(string s, int index) => index < s.Length ? s[index] : '\0';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    private static bool IsVersionChar(char c) => IsDigit(c) || IsLetter(c) || c is '~' or '-' or '^' or '.';

    /// <summary>When either side starts with <paramref name="special"/>: the side without it is greater; both with it skip it.</summary>
    private static int CompareSpecial(char special, string x, ref int i, string y, ref int j)
    {
        bool a = At(x, i) == special, b = At(y, j) == special;
        if (!a && !b)
        {
            return 0;
        }

        if (a != b)
        {
            return a ? -1 : 1;
        }

        i++;
        j++;
        return 0;
    }

    private static int CompareNumbers(string x, ref int i, string y, ref int j)
    {
        while (At(x, i) == '0')
        {
            i++;
        }

        while (At(y, j) == '0')
        {
            j++;
        }

        int startX = i, startY = j;
        while (IsDigit(At(x, i)))
        {
            i++;
        }

        while (IsDigit(At(y, j)))
        {
            j++;
        }

        int lengthX = i - startX, lengthY = j - startY;
        if (lengthX != lengthY)
        {
            return lengthX < lengthY ? -1 : 1;
        }

        return Math.Sign(string.CompareOrdinal(x, startX, y, startY, lengthX));
    }

    private static int CompareLetters(string x, ref int i, string y, ref int j)
    {
        int startX = i, startY = j;
        while (IsLetter(At(x, i)))
        {
            i++;
        }

        while (IsLetter(At(y, j)))
        {
            j++;
        }

        return Math.Sign(string.CompareOrdinal(x.Substring(startX, i - startX), y.Substring(startY, j - startY)));
    }
}
