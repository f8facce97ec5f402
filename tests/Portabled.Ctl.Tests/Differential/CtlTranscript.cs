// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using System.Text.RegularExpressions;

namespace Portabled.Ctl.Tests.Differential;

/// <summary>
/// Makes two scenario transcripts comparable: times become same-width placeholders (the table
/// layout is still compared), scratch paths and job numbers placeholders, and runs of lines that
/// upstream's daemon emits in hash order (a random key per process) are put in a canonical order.
/// </summary>
internal static partial class CtlTranscript
{
    public static string Normalize(string text)
    {
        text = TimestampRegex().Replace(text, m => "Day" + DigitRegex().Replace(m.Value[3..], "N"));
        text = SandboxRegex().Replace(text, "/tmp/portabled-sandbox.X");
        text = JobRegex().Replace(text, "/org/freedesktop/systemd1/job/N");
        text = ClientBinRegex().Replace(text, "/tmp/portabled-ctl-bin.X");
        text = UnitListArgumentRegex().Replace(text, m => "[[" + string.Join(", ", m.Groups[1].Value.Split(", ").Order(StringComparer.Ordinal)) + "]");
        return SortRuns(text);
    }

    /// <summary>
    /// Asserts that two normalized transcripts ran the same commands with the same output; a failure
    /// names each differing command with its section, upstream's output and <paramref name="what"/>'s.
    /// </summary>
    public static void AssertSame(string expected, string actual, string what)
    {
        var e = Blocks(expected);
        var a = Blocks(actual);
        Assert.Equal(e.Select(b => b.Command), a.Select(b => b.Command));
        var failures = e.Zip(a).Where(p => p.First.Output != p.Second.Output)
            .Select(p => $"[{p.First.Section}] {p.First.Command}\n--- upstream\n{p.First.Output}--- {what}\n{p.Second.Output}").ToList();
        Assert.True(failures.Count == 0, $"{what}: {failures.Count} commands differ:\n" + string.Join("\n", failures.Take(20)));
    }

    /// <summary>The transcript cut into commands: the heading of its section, the "$ …" line, and what follows it.</summary>
    public static List<(string Section, string Command, string Output)> Blocks(string text)
    {
        var blocks = new List<(string, string, string)>();
        string section = string.Empty, blockSection = string.Empty;
        string? command = null;
        var body = new StringBuilder();
        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith("#### ", StringComparison.Ordinal))
            {
                section = line[5..];
            }
            else if (line.StartsWith("$ ", StringComparison.Ordinal))
            {
                if (command is not null)
                {
                    blocks.Add((blockSection, command, body.ToString()));
                }

                command = line;
                blockSection = section;
                body.Clear();
            }
            else if (command is not null)
            {
                body.Append(line).Append('\n');
            }
        }

        if (command is not null)
        {
            blocks.Add((blockSection, command, body.ToString()));
        }

        return blocks;
    }

    private static string SortRuns(string text)
    {
        var output = new List<string>();
        var run = new List<string>();
        string? runKind = null;

        void Flush()
        {
            output.AddRange(run.Select((l, i) => (Line: l, Index: i)).GroupBy(e => UnitOf(e.Line))
                .OrderBy(g => g.Key, StringComparer.Ordinal).SelectMany(g => g.OrderBy(e => e.Index)).Select(e => e.Line));
            run.Clear();
        }

        foreach (string line in text.Split('\n'))
        {
            string? kind = KindOf(line);
            if (kind is null || kind != runKind)
            {
                Flush();
            }

            runKind = kind;
            if (kind is null)
            {
                output.Add(line);
            }
            else
            {
                run.Add(line);
            }
        }

        Flush();
        return string.Join('\n', output);
    }

    private static string? KindOf(string line)
    {
        if (ImageLinkRegex().IsMatch(line))
        {
            return "link";
        }

        if (line.StartsWith("Created symlink '", StringComparison.Ordinal) || line.StartsWith("Removed '", StringComparison.Ordinal))
        {
            return "install";
        }

        if (line.StartsWith("Removed ", StringComparison.Ordinal))
        {
            return "remove";
        }

        if (line.StartsWith("Created directory ", StringComparison.Ordinal) || line.StartsWith("Written ", StringComparison.Ordinal)
            || line.StartsWith("Created symlink ", StringComparison.Ordinal) || line.StartsWith("Copied ", StringComparison.Ordinal))
        {
            return "create";
        }

        if (line.StartsWith("Queued /org/freedesktop/systemd1/job/", StringComparison.Ordinal))
        {
            return "job";
        }

        // The client enables and starts units in the order of the daemon's change list, which
        // upstream's daemon makes in hash order: one call per unit, so a run of them is a set.
        Match call = UnitCallRegex().Match(line);
        return call.Success ? "call " + call.Groups[1].Value : null;
    }

    private static string UnitOf(string line)
    {
        Match m = AttachedUnitRegex().Match(line);
        if (m.Success)
        {
            return m.Groups[1].Value;
        }

        m = NamedUnitRegex().Match(line);
        return m.Success ? m.Groups[1].Value : line;
    }

    [GeneratedRegex(@"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d[\d :-]*")]
    private static partial Regex TimestampRegex();

    [GeneratedRegex(@"\d")]
    private static partial Regex DigitRegex();

    [GeneratedRegex(@"/tmp/portabled-sandbox\.\w+")]
    private static partial Regex SandboxRegex();

    [GeneratedRegex(@"/tmp/portabled-ctl-bin\.\w+")]
    private static partial Regex ClientBinRegex();

    // A list of units as the first argument of a bus call line (EnqueueUnitJobMany, Enable/DisableUnitFiles…).
    [GeneratedRegex(@"(?<=^client\d+ flags=\d+ org\.freedesktop\.systemd1 .*)\[\[(""[^""]*""(?:, ""[^""]*"")*)\]", RegexOptions.Multiline)]
    private static partial Regex UnitListArgumentRegex();

    [GeneratedRegex(@"^client\d+ flags=\d+ org\.freedesktop\.systemd1 /org/freedesktop/systemd1 org\.freedesktop\.systemd1\.Manager\.(\w+) \((?:ss|ast|asbb|asb)\) ")]
    private static partial Regex UnitCallRegex();

    [GeneratedRegex(@"/org/freedesktop/systemd1/job/\d+")]
    private static partial Regex JobRegex();

    // User scope (docs/user-scope.md): the links go to ~/.config/portables and $XDG_RUNTIME_DIR/portables.
    [GeneratedRegex(@"^(Created symlink |Copied |Removed )(/(etc|run)/portables/|\S*/\.config/portables/[^/ ]+( →|\.$)|/run/user/\d+/portables/[^/ ]+( →|\.$))")]
    private static partial Regex ImageLinkRegex();

    [GeneratedRegex(@"(?:system|user)\.attached/([^/ ']+?)(?:\.d)?(?:/|\.$| |')")]
    private static partial Regex AttachedUnitRegex();

    [GeneratedRegex(@"(?:\.wants/|\.requires/|portable service )([^ ']+?)'?\.?$")]
    private static partial Regex NamedUnitRegex();
}
