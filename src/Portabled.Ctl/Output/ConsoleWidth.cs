// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;

namespace Portabled.Ctl.Output;

/// <summary>Width of text in terminal cells (wide East Asian characters take two), and cutting to a width.</summary>
internal static class ConsoleWidth
{
    public static int Of(string s)
    {
        int w = 0;
        foreach (Rune r in s.EnumerateRunes())
        {
            w += RuneWidth(r);
        }

        return w;
    }

    /// <summary>systemd's ellipsize() at the end: the first columns that fit, then "…" ("..." outside UTF-8).</summary>
    public static string Ellipsize(string s, int width)
    {
        if (Of(s) <= width)
        {
            return s;
        }

        if (width <= 0)
        {
            return string.Empty;
        }

        string ellipsis = Glyphs.Ellipsis;
        int keep = Math.Max(0, width - Of(ellipsis));
        var b = new StringBuilder();
        int used = 0;
        foreach (Rune r in s.EnumerateRunes())
        {
            int rw = RuneWidth(r);
            if (used + rw > keep)
            {
                break;
            }

            b.Append(r.ToString());
            used += rw;
        }

        return b.Append(ellipsis).ToString();
    }

    private static int RuneWidth(Rune r)
    {
        int c = r.Value;
        bool wide = c is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0x303E or >= 0x3041 and <= 0x33FF
            or >= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF or >= 0xA000 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3
            or >= 0xF900 and <= 0xFAFF or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6
            or >= 0x1F300 and <= 0x1F64F or >= 0x1F900 and <= 0x1F9FF or >= 0x20000 and <= 0x3FFFD;
        return wide ? 2 : 1;
    }
}
