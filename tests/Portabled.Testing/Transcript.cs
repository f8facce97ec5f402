// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using System.Text.RegularExpressions;

namespace Portabled.Testing;

/// <summary>Normalisation of scenario transcripts so two runs compare as text: times and scratch paths become placeholders.</summary>
public static partial class Transcript
{
    /// <summary>Replaces what legitimately differs between two runs.</summary>
    public static string Normalize(string text)
    {
        text = TimeRegex().Replace(text, "<TIME>");
        text = SandboxRegex().Replace(text, "/tmp/portabled-sandbox.X");
        text = JobRegex().Replace(text, "/org/freedesktop/systemd1/job/N");
        return text;
    }

    /// <summary>
    /// Puts the change lines portablectl prints for attach/detach/reattach (<c>Created directory</c>,
    /// <c>Written</c>, <c>Created symlink</c>, <c>Copied</c>, <c>Removed</c>, and the <c>Queued … job</c> /
    /// <c>Failed to call …</c> lines of --now) in a canonical order. Upstream processes units in hash
    /// order (a random key per process), so only the order within one unit is meaningful: each run
    /// of consecutive change lines is cut into segments at lines that name no unit (the attached
    /// directory itself) and where the kind changes (creating, removing, jobs, image links in
    /// /etc/portables or /run/portables); inside a segment the lines are grouped by unit, groups
    /// sorted by unit name, each group keeping its own order; job and image-link lines are sorted.
    /// Everything else is left as it is.
    /// </summary>
    public static string SortChanges(string text)
    {
        string[] lines = text.Split('\n');
        var output = new StringBuilder(text.Length);
        var segment = new List<(string Key, string Line)>();
        string? segmentKind = null;

        void Flush()
        {
            // OrderBy is stable: lines of one unit keep their order.
            foreach (var (_, line) in segment.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                output.Append(line).Append('\n');
            }

            segment.Clear();
            segmentKind = null;
        }

        foreach (string line in lines)
        {
            string? kind = ChangeKind(line);
            if (kind is null)
            {
                Flush();
                output.Append(line).Append('\n');
                continue;
            }

            string? key = kind switch
            {
                "job" or "link" => JobRegex().Replace(line, "/org/freedesktop/systemd1/job/N"),
                _ => ChangeUnitRegex().Match(line) is { Success: true } m ? m.Groups[1].Value : null,
            };
            if (key is null || kind != segmentKind)
            {
                Flush();
            }

            if (key is null)
            {
                output.Append(line).Append('\n');
                continue;
            }

            segment.Add((key, line));
            segmentKind = kind;
        }

        Flush();
        return output.ToString(0, output.Length - 1);
    }

    private static string? ChangeKind(string line)
    {
        // Image links: detach removes them in set order (the root's and the extensions').
        if (ImageLinkRegex().IsMatch(line))
        {
            return "link";
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

        return JobLineRegex().IsMatch(line) ? "job" : null;
    }

    // The unit a change line is about: the first path component under system.attached/, without ".d".
    [GeneratedRegex(@"/systemd/system\.attached/([^/ ]+?)(?:\.d)?(?:/|\.$| )")]
    private static partial Regex ChangeUnitRegex();

    [GeneratedRegex(@"^(Created symlink |Copied |Removed )/(etc|run)/portables/")]
    private static partial Regex ImageLinkRegex();

    [GeneratedRegex(@"^(Queued /org/freedesktop/systemd1/job/\S+ to call \w+ on portable service |Failed to call \w+ on the portable service )")]
    private static partial Regex JobLineRegex();

    [GeneratedRegex(@"[A-Z][a-z]{2} \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC")]
    private static partial Regex TimeRegex();

    [GeneratedRegex(@"/tmp/portabled-sandbox\.[A-Za-z0-9]+")]
    private static partial Regex SandboxRegex();

    [GeneratedRegex(@"/org/freedesktop/systemd1/job/\d+")]
    private static partial Regex JobRegex();

    /// <summary>
    /// Asserts that two transcripts are equal, or fails with the first lines of a unified diff; both are
    /// kept as <c>portabled-NAME.expected.txt</c> and <c>.actual.txt</c> in the temp directory.
    /// </summary>
    public static void AssertEqual(string expected, string actual, string name)
    {
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return;
        }

        string expectedFile = Path.Join(Path.GetTempPath(), $"portabled-{name}.expected.txt");
        string actualFile = Path.Join(Path.GetTempPath(), $"portabled-{name}.actual.txt");
        File.WriteAllText(expectedFile, expected);
        File.WriteAllText(actualFile, actual);
        string diff = ProcessRunner.Run("diff", ["-u", expectedFile, actualFile]).StandardOutput;
        string[] lines = diff.Split('\n');
        Xunit.Assert.Fail($"transcripts differ ({lines.Count(l => l.StartsWith('-') || l.StartsWith('+')) - 2} lines), first of the diff:\n"
            + string.Join('\n', lines.Take(150)));
    }
}
