// SPDX-License-Identifier: LGPL-2.1-or-later
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

    [GeneratedRegex(@"[A-Z][a-z]{2} \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC")]
    private static partial Regex TimeRegex();

    [GeneratedRegex(@"/tmp/portabled-sandbox\.[A-Za-z0-9]+")]
    private static partial Regex SandboxRegex();

    [GeneratedRegex(@"/org/freedesktop/systemd1/job/\d+")]
    private static partial Regex JobRegex();
}
