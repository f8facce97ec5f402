// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Verbs;

/// <summary>
/// systemd's strv_find_closest(): the shortest candidate the input is a prefix of; otherwise the
/// nearest by edit distance (a swap of neighbours counts as one edit), if at most 5 away.
/// </summary>
internal static class ClosestMatch
{
    private const int MaxDistance = 5;

    public static string? Find(IReadOnlyList<string> candidates, string input)
    {
        string? best = null;
        foreach (string c in candidates)
        {
            if (c.StartsWith(input, StringComparison.Ordinal) && (best is null || c.Length < best.Length))
            {
                best = c;
            }
        }

        if (best is not null)
        {
            return best;
        }

        int bestDistance = int.MaxValue;
        foreach (string c in candidates)
        {
            int d = Distance(c, input);
            if (d <= MaxDistance && d < bestDistance)
            {
                bestDistance = d;
                best = c;
            }
        }

        return best;
    }

    /// <summary>Optimal-string-alignment distance over bytes, unit costs.</summary>
    public static int Distance(string a, string b)
    {
        byte[] x = System.Text.Encoding.UTF8.GetBytes(a), y = System.Text.Encoding.UTF8.GetBytes(b);
        var d = new int[x.Length + 1, y.Length + 1];
        for (int i = 0; i <= x.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= y.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= x.Length; i++)
        {
            for (int j = 1; j <= y.Length; j++)
            {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[x.Length, y.Length];
    }
}
