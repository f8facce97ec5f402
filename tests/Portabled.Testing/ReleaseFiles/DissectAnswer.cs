// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text.Json;

namespace Portabled.Testing.ReleaseFiles;

/// <summary>
/// What a systemd-dissect-like tool says about one image's os-release: the <c>osRelease</c> entries of its
/// --json summary (<c>KEY=value</c>, null when it shows none) and its log lines. Comparable with <c>==</c>.
/// </summary>
public sealed record DissectAnswer(string? OsRelease, string Log)
{
    /// <summary>The answer from <paramref name="json"/> (a --json=short summary) and <paramref name="log"/> (standard error).</summary>
    public static DissectAnswer From(string json, string log)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        string? osRelease = doc.RootElement.TryGetProperty("osRelease", out JsonElement entries)
            ? string.Join('\n', entries.EnumerateArray().Select(e => e.GetString()))
            : null;
        return new DissectAnswer(osRelease, log);
    }

    /// <summary>The answer for an env file parsed into <paramref name="pairs"/>, or refused with <paramref name="log"/>.</summary>
    public static DissectAnswer From(IReadOnlyList<KeyValuePair<string, string>> pairs, string log = "") =>
        new(pairs.Count == 0 ? null : string.Join('\n', pairs.Select(p => $"{p.Key}={p.Value}")), log);

    /// <summary>
    /// The answers of a dissect-cases.sh transcript by image name (<c>NAME.raw</c> → NAME). Each section is
    /// <c>$ systemd-dissect --json=short NAME.raw</c>, then <c>[stdout]</c> (one JSON line), optional
    /// <c>[stderr]</c> lines and <c>[rc]</c>.
    /// </summary>
    public static Dictionary<string, DissectAnswer> ParseTranscript(string transcript)
    {
        var answers = new Dictionary<string, DissectAnswer>(StringComparer.Ordinal);
        foreach (string section in transcript.Split("\n$ ", StringSplitOptions.RemoveEmptyEntries))
        {
            string[] lines = section.Split('\n');
            string image = lines[0].Split(' ')[^1];
            int stdout = Array.IndexOf(lines, "[stdout]");
            int stderr = Array.IndexOf(lines, "[stderr]");
            int rc = Array.FindIndex(lines, l => l.StartsWith("[rc] ", StringComparison.Ordinal));
            string log = stderr < 0 ? string.Empty : string.Join('\n', lines[(stderr + 1)..rc]) + "\n";
            answers[image[..^".raw".Length]] = From(lines[stdout + 1], log);
        }

        return answers;
    }
}
