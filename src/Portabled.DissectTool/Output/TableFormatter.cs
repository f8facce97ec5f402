// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;

namespace Portabled.DissectTool.Output;

/// <summary>
/// A plain-text table as systemd's format-table prints it to a pipe: columns separated by one space,
/// each as wide as its widest cell (header included when shown), empty cells as "-", left-aligned
/// except right-aligned numeric columns; no trailing padding on the last column when left-aligned.
/// </summary>
internal sealed class TableFormatter(IReadOnlyList<string> headers, IReadOnlySet<int> rightAligned)
{
    private readonly List<string?[]> _rows = [];

    public void AddRow(params string?[] cells) => _rows.Add(cells);

    public void Write(TextWriter output, bool showHeader)
    {
        var lines = new List<string[]>();
        if (showHeader)
        {
            lines.Add([.. headers.Select(h => h.ToUpperInvariant())]);
        }

        lines.AddRange(_rows.Select(r => r.Select(c => string.IsNullOrEmpty(c) ? "-" : c).ToArray()));
        int[] widths = [.. Enumerable.Range(0, headers.Count).Select(col => lines.Count == 0 ? 0 : lines.Max(l => l[col].Length))];
        foreach (string[] line in lines)
        {
            var sb = new StringBuilder();
            for (int col = 0; col < line.Length; col++)
            {
                bool last = col == line.Length - 1;
                string cell = line[col];
                if (rightAligned.Contains(col))
                {
                    sb.Append(cell.PadLeft(widths[col]));
                }
                else
                {
                    sb.Append(last ? cell : cell.PadRight(widths[col]));
                }

                if (!last)
                {
                    sb.Append(' ');
                }
            }

            output.Write(sb.ToString());
            output.Write('\n');
        }
    }
}
