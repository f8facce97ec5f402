// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text.Json;
using System.Text.RegularExpressions;
using Portabled.Ctl.Tests.Differential;
using Portabled.Testing;

namespace Portabled.Ctl.Tests.Json;

/// <summary>
/// --json against our daemon (Scenarios/json.sh): the documents must parse, carry the documented
/// fields, agree with the text output, and be laid out as Golden/json.txt.
/// </summary>
public sealed partial class JsonOutputTests
{
    private static readonly Lazy<string> s_transcript = new(() =>
        CreationTimeRegex().Replace(CtlTranscript.Normalize(ScenarioRun.Run("json.sh", Peer.Ours, Peer.Ours, enqueueMany: false)), "\"creationTimestamp\"$1N"));

    [RequiresFact("root", "unshare", "dbus-daemon", "busctl")]
    public void Json_Transcript_AsGolden() => Golden.AssertEqual("json.txt", s_transcript.Value);

    [RequiresFact("root", "unshare", "dbus-daemon", "busctl")]
    public void Json_EveryDocument_ParsesWithDocumentedFields()
    {
        var blocks = CtlTranscript.Blocks(s_transcript.Value).Where(b => b.Command.Contains("--json=short", StringComparison.Ordinal) || b.Command.Contains("--json=pretty", StringComparison.Ordinal));
        int documents = 0;
        foreach (var (_, command, output) in blocks)
        {
            if (!output.StartsWith("[stdout]\n", StringComparison.Ordinal))
            {
                continue;
            }

            int end = output.IndexOf("\n[stderr]", StringComparison.Ordinal) is >= 0 and int e ? e : output.IndexOf("\n[rc]", StringComparison.Ordinal);
            string json = output["[stdout]\n".Length..end];
            using JsonDocument doc = JsonDocument.Parse(CreationTimeRegex().Replace(json, "\"creationTimestamp\"${1}0"));
            documents++;
            string[] fields = command.Contains(" list", StringComparison.Ordinal)
                ? ["name", "type", "readOnly", "creationTimestamp", "modificationTimestamp", "usage", "state", "objectPath"]
                : command.Contains("is-attached", StringComparison.Ordinal) ? ["image", "state"]
                : ["image", "portableService", "operatingSystem", "osRelease", "extensions", "unitFiles"];
            JsonElement first = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement[0] : doc.RootElement;
            Assert.Equal(fields, first.EnumerateObject().Select(p => p.Name).Where(n => fields.Contains(n)));
        }

        Assert.True(documents >= 8, $"only {documents} JSON documents");
    }

    [RequiresFact("root", "unshare", "dbus-daemon", "busctl")]
    public void Json_List_AgreesWithTable()
    {
        var blocks = CtlTranscript.Blocks(s_transcript.Value);
        string table = blocks.First(b => b.Command == "$ portablectl --json=off list").Output;
        string json = blocks.First(b => b.Command == "$ portablectl --json=short list").Output.Split('\n')[1];
        using JsonDocument doc = JsonDocument.Parse(CreationTimeRegex().Replace(json, "\"creationTimestamp\"${1}0"));
        foreach (JsonElement image in doc.RootElement.EnumerateArray())
        {
            string name = image.GetProperty("name").GetString()!;
            string row = table.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
            Assert.Contains(" " + image.GetProperty("type").GetString() + " ", row, StringComparison.Ordinal);
            Assert.Contains(image.GetProperty("readOnly").GetBoolean() ? " yes " : " no ", row, StringComparison.Ordinal);
            Assert.EndsWith(image.GetProperty("state").GetString()!, row, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"""creationTimestamp""(\s*:\s*)(?:\d+|N)")]
    private static partial Regex CreationTimeRegex();
}
