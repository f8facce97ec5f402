// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Output;

/// <summary>
/// A cell: fixed text (lines split at "\n"), or words that are wrapped to the column's width
/// (format-table's TABLE_STRV_WRAPPED); an optional colour, and a key to sort by.
/// </summary>
internal sealed class TableCell
{
    private TableCell(string? text, IReadOnlyList<string>? words)
    {
        Text = text;
        Words = words;
    }

    public string? Text { get; }

    public IReadOnlyList<string>? Words { get; }

    public string? Color { get; init; }

    public bool IsHeader { get; init; }

    public static TableCell Of(string text, string? color = null) => new(text, null) { Color = color };

    public static TableCell Header(string text) => new(text, null) { IsHeader = true };

    public static TableCell Wrapped(IReadOnlyList<string> words) => new(null, words);

    /// <summary>The text for a column <paramref name="width"/> wide (null: unlimited).</summary>
    public string Format(int? width)
    {
        if (Words is null)
        {
            return Text!;
        }

        var lines = new List<string>();
        string line = string.Empty;
        int position = 0;
        foreach (string w in Words)
        {
            int len = ConsoleWidth.Of(w);
            if (position == 0)
            {
                line = w;
                position = len;
            }
            else if (width is null || position + 1 + len <= width)
            {
                line += " " + w;
                position += 1 + len;
            }
            else
            {
                lines.Add(line);
                line = w;
                position = len;
            }
        }

        lines.Add(line);
        return string.Join('\n', lines);
    }
}
