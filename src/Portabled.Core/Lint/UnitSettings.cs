// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;

namespace Portabled.Core.Lint;

/// <summary>
/// The assignments of a unit file or drop-in (systemd.syntax(7)), enough for the lint: sections,
/// <c>Key=Value</c> lines, <c>#</c>/<c>;</c> comments, and lines continued with a trailing backslash.
/// Several files layer in order (the unit, then its drop-ins): a single-valued setting takes the last
/// assignment, a list setting collects them, and an empty assignment resets the list, as systemd
/// reads them. Bounded by the file sizes Core reads and <see cref="MaxAssignments"/>.
/// </summary>
internal sealed class UnitSettings
{
    /// <summary>Assignments kept per file; the rest is ignored (unit files are at most 4 MiB).</summary>
    public const int MaxAssignments = 65536;

    private readonly List<(string Section, string Key, string Value, string Source)> _assignments = [];

    /// <summary>Adds the assignments of one file, in order, after those already added.</summary>
    public void Add(ReadOnlySpan<byte> contents, string source)
    {
        string text = Encoding.UTF8.GetString(contents);
        string section = string.Empty;
        var line = new StringBuilder();
        int count = 0;
        foreach (string raw in text.Split('\n'))
        {
            string part = raw.TrimEnd('\r');
            if (line.Length == 0 && part.TrimStart() is ['#' or ';', ..])
            {
                continue;
            }

            if (part.EndsWith('\\'))
            {
                line.Append(part, 0, part.Length - 1).Append(' ');
                continue;
            }

            line.Append(part);
            string full = line.ToString().Trim();
            line.Clear();
            if (full.StartsWith('[') && full.EndsWith(']'))
            {
                section = full[1..^1];
                continue;
            }

            int eq = full.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || ++count > MaxAssignments)
            {
                continue;
            }

            _assignments.Add((section, full[..eq].Trim(), full[(eq + 1)..].Trim(), source));
        }
    }

    /// <summary>The last value of a single-valued setting, or null.</summary>
    public string? Get(string section, string key) =>
        _assignments.LastOrDefault(a => a.Section == section && a.Key == key) is { Key: not null } a ? a.Value : null;

    /// <summary>The file that set <paramref name="key"/> last, or null.</summary>
    public string? SourceOf(string section, string key) =>
        _assignments.LastOrDefault(a => a.Section == section && a.Key == key) is { Key: not null } a ? a.Source : null;

    /// <summary>A list setting: every value after the last empty assignment, in order.</summary>
    public IReadOnlyList<string> GetList(string section, string key)
    {
        var values = new List<string>();
        foreach (var a in _assignments.Where(a => a.Section == section && a.Key == key))
        {
            if (a.Value.Length == 0)
            {
                values.Clear();
            }
            else
            {
                values.Add(a.Value);
            }
        }

        return values;
    }

    /// <summary>A boolean setting by parse_boolean()'s words; <paramref name="fallback"/> when unset or not a boolean.</summary>
    public bool GetBoolean(string section, string key, bool fallback) => Get(section, key)?.ToLowerInvariant() switch
    {
        "1" or "yes" or "y" or "true" or "t" or "on" => true,
        "0" or "no" or "n" or "false" or "f" or "off" => false,
        _ => fallback,
    };
}
