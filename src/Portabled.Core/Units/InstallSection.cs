// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Dissect.Metadata;

namespace Portabled.Core.Units;

/// <summary>
/// The [Install] section of a unit file and its drop-ins, as systemd's install logic reads it
/// (docs/unit-file-state.md): <c>Alias=</c>, <c>WantedBy=</c>, <c>RequiredBy=</c>, <c>UpheldBy=</c>,
/// <c>Also=</c> (lists; an empty assignment clears) and <c>DefaultInstance=</c>. Other sections and
/// keys are skipped. Specifiers are not expanded: only whether a list is empty and the literal alias
/// names matter for the unit file state.
/// </summary>
internal sealed class InstallSection
{
    private const string SectionName = "Install";

    /// <summary><c>Alias=</c> names.</summary>
    public List<string> Aliases { get; } = [];

    /// <summary><c>WantedBy=</c> names.</summary>
    public List<string> WantedBy { get; } = [];

    /// <summary><c>RequiredBy=</c> names.</summary>
    public List<string> RequiredBy { get; } = [];

    /// <summary><c>UpheldBy=</c> names.</summary>
    public List<string> UpheldBy { get; } = [];

    /// <summary><c>Also=</c> names.</summary>
    public List<string> Also { get; } = [];

    /// <summary><c>DefaultInstance=</c> of a template, or null.</summary>
    public string? DefaultInstance { get; private set; }

    /// <summary>Whether any rule would create a link (install_info_has_rules).</summary>
    public bool HasRules => Aliases.Count > 0 || WantedBy.Count > 0 || RequiredBy.Count > 0 || UpheldBy.Count > 0;

    /// <summary>Whether <c>Also=</c> names other units.</summary>
    public bool HasAlso => Also.Count > 0;

    /// <summary>Applies the [Install] assignments of one file (the unit or one of its drop-ins) of unit <paramref name="unitName"/>.</summary>
    public void Parse(ReadOnlySpan<byte> contents, string unitName)
    {
        string? section = null;
        string? continuation = null;
        foreach (string raw in Encoding.UTF8.GetString(contents).Split('\n'))
        {
            string line = raw.Trim();
            if (continuation is not null && line.Length > 0 && line[0] is '#' or ';')
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                continuation = (continuation ?? string.Empty) + line[..^1] + " ";
                continue;
            }

            if (continuation is not null)
            {
                line = (continuation + line).Trim();
                continuation = null;
            }

            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                section = line.EndsWith(']') ? line[1..^1] : null;
                continue;
            }

            int equals = line.IndexOf('=');
            if (section == SectionName && equals > 0)
            {
                Assign(line[..equals].Trim(), line[(equals + 1)..].Trim(), unitName);
            }
        }
    }

    private void Assign(string key, string value, string unitName)
    {
        List<string>? list = key switch
        {
            "Alias" => Aliases,
            "WantedBy" => WantedBy,
            "RequiredBy" => RequiredBy,
            "UpheldBy" => UpheldBy,
            "Also" => Also,
            _ => null,
        };
        if (list is not null)
        {
            if (value.Length == 0)
            {
                list.Clear();
            }
            else
            {
                list.AddRange(SplitWords(value));
            }
        }
        else if (key == "DefaultInstance" && UnitNames.IsTemplate(unitName))
        {
            // Only templates take a default instance; an instance unit ignores it silently.
            DefaultInstance = value.Length == 0 ? null : value;
        }
    }

    // extract_first_word() with unquoting: whitespace separates, quotes group and are dropped.
    private static IEnumerable<string> SplitWords(string value)
    {
        var word = new StringBuilder();
        char quote = '\0';
        bool inWord = false;
        foreach (char c in value)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    yield return word.ToString();
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            yield return word.ToString();
        }
    }
}
