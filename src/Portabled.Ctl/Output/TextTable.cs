// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;

namespace Portabled.Ctl.Output;

/// <summary>
/// A text table laid out the way systemd's format-table lays it out (docs/portablectl.md,
/// "Tables"): one space between columns; on a terminal without a pager the table is squeezed to
/// the terminal width, giving each column at least its minimum and sharing the rest by weight;
/// wrapped cells are re-wrapped to the width they got; cells that still do not fit are cut with
/// an ellipsis; the last column loses its padding unless it is coloured. Headers are upper-case
/// and underlined on colour terminals.
/// </summary>
internal sealed class TextTable
{
    private const long Weight = 100;
    private readonly List<TableCell[]> _rows = [];
    private readonly int _columns;
    private readonly int[] _minimumWidths;

    public TextTable(params string[] headers)
    {
        _columns = headers.Length;
        _minimumWidths = Enumerable.Repeat(1, _columns).ToArray();
        _rows.Add(headers.Select(h => TableCell.Header(h.ToUpperInvariant())).ToArray());
    }

    public bool ShowHeader { get; set; } = true;

    /// <summary>Lay out as if stdout were no terminal (a pager is running).</summary>
    public bool Unlimited { get; set; }

    public int RowCount => _rows.Count - 1;

    public void AddRow(params TableCell[] cells)
    {
        if (cells.Length != _columns)
        {
            throw new ArgumentException("wrong number of cells", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>Orders the data rows by the text of <paramref name="column"/> (ordinal, stable).</summary>
    public void SortBy(int column)
    {
        var data = _rows.Skip(1).OrderBy(r => r[column].Format(null), StringComparer.Ordinal).ToList();
        _rows.RemoveRange(1, _rows.Count - 1);
        _rows.AddRange(data);
    }

    /// <summary>The widest cell of <paramref name="column"/> before any wrapping.</summary>
    public int NaturalWidth(int column) => VisibleRows().Max(r => LinesOf(r[column].Format(null)).Max(ConsoleWidth.Of));

    /// <summary>Makes <paramref name="column"/> at least <paramref name="width"/> wide (format-table's column sync).</summary>
    public void SetMinimumWidth(int column, int width) => _minimumWidths[column] = Math.Max(1, width);

    public string Render()
    {
        int[] width = ComputeWidths();
        var output = new StringBuilder();
        foreach (TableCell[] row in VisibleRows())
        {
            string[][] lines = row.Select((c, j) => LinesOf(c.Format(width[j]))).ToArray();
            int height = lines.Max(l => l.Length);
            for (int sub = 0; sub < height; sub++)
            {
                RenderLine(output, row, lines, sub, width);
            }
        }

        return output.ToString();
    }

    private void RenderLine(StringBuilder output, TableCell[] row, string[][] lines, int sub, int[] width)
    {
        bool gapUnderline = false;
        for (int j = 0; j < _columns; j++)
        {
            TableCell cell = row[j];
            string field = sub < lines[j].Length ? lines[j][sub] : string.Empty;
            string? color = Terminal.ColorsEnabled ? cell.Color : null;
            bool underline = Terminal.UnderlineEnabled && cell.IsHeader;
            int l = ConsoleWidth.Of(field);
            if (l > width[j])
            {
                field = ConsoleWidth.Ellipsize(field, width[j]);
            }
            else if (l < width[j])
            {
                field += new string(' ', width[j] - l);
                if (j == _columns - 1 && color is null && !underline)
                {
                    field = field.TrimEnd();
                }
            }

            if (j > 0)
            {
                output.Append(gapUnderline ? "\e[4m \e[0m" : " ");
            }

            output.Append(color).Append(underline ? "\e[4m" : null).Append(field);
            if (color is not null || underline)
            {
                output.Append(Ansi.NormalSequence);
            }

            gapUnderline = underline;
        }

        output.Append('\n');
    }

    private int[] ComputeWidths()
    {
        List<TableCell[]> rows = VisibleRows().ToList();
        bool anySoft = rows.Any(r => r.Any(c => c.Words is not null));
        int[]? width = null;
        for (int pass = 0; pass < 2; pass++)
        {
            int[] requested = new int[_columns];
            for (int j = 0; j < _columns; j++)
            {
                int? w = width?[j];
                requested[j] = Math.Max(_minimumWidths[j], rows.Max(r => LinesOf(r[j].Format(w)).Max(ConsoleWidth.Of)));
            }

            int tableRequested = _columns - 1 + requested.Sum();
            int tableMinimum = _columns - 1 + _minimumWidths.Sum();
            bool unlimited = Unlimited || !Terminal.StdoutIsTty;
            int effective = (pass > 0 || !anySoft) && unlimited ? tableRequested : Math.Min(tableRequested, Terminal.Columns);
            effective = Math.Max(effective, tableMinimum);
            if (effective >= tableRequested)
            {
                return requested;
            }

            width = Compress(requested, effective - tableMinimum, rows.Count);
            if (!anySoft)
            {
                break;
            }
        }

        return width!;
    }

    // Every column gets its minimum; the rest is shared by weight, columns that would get more
    // than they asked for take only that and the sharing starts over.
    private int[] Compress(int[] requested, int extra, int rowCount)
    {
        long columnWeight = Weight * rowCount;
        long weightSum = columnWeight * _columns;
        int[] width = Enumerable.Repeat(-1, _columns).ToArray();
        bool finalize = false;
        while (true)
        {
            bool restart = false;
            for (int j = 0; j < _columns; j++)
            {
                if (width[j] != -1)
                {
                    continue;
                }

                long w = weightSum == 0 ? _minimumWidths[j] + (extra / (_columns - j)) : _minimumWidths[j] + (extra * columnWeight / weightSum);
                if (w >= requested[j])
                {
                    w = requested[j];
                    restart = true;
                }
                else if (!finalize)
                {
                    continue;
                }

                width[j] = (int)w;
                extra -= width[j] - _minimumWidths[j];
                weightSum -= columnWeight;
                if (restart && !finalize)
                {
                    break;
                }
            }

            if (finalize)
            {
                break;
            }

            if (!restart)
            {
                finalize = true;
            }
        }

        return width;
    }

    private IEnumerable<TableCell[]> VisibleRows() => ShowHeader ? _rows : _rows.Skip(1);

    private static string[] LinesOf(string text) => text.Split('\n');
}
