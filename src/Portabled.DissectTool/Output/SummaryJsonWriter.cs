// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.DissectTool.Commands;

namespace Portabled.DissectTool.Output;

/// <summary>
/// The summary as systemd-dissect 252's --json prints it (same keys, order and layout), plus
/// <c>imageUuid</c> (newer systemd) and <c>unitFiles</c>. <c>usePortableService</c> checks
/// PORTABLE_PREFIXES like the text output (252's JSON looked at PORTABLE_MATCHES, an upstream bug).
/// </summary>
internal static class SummaryJsonWriter
{
    public static void Write(TextWriter output, Summary summary, bool pretty)
    {
        var json = new JsonOutputWriter(output, pretty);
        json.StartObject();
        json.String("name", summary.Name);
        if (summary.ImageUuid is Guid uuid && summary.Metadata is not null)
        {
            json.String("imageUuid", uuid.ToString("D"));
        }

        if (summary.Size is long size)
        {
            json.Number("size", size);
        }

        if (summary.Metadata is { } m)
        {
            if (m.Hostname is not null)
            {
                json.String("hostname", m.Hostname);
            }

            if (m.MachineId is not null)
            {
                json.String("machineId", m.MachineId);
            }

            Pairs(json, "machineInfo", m.MachineInfo);
            Pairs(json, "osRelease", m.OsRelease);
            Pairs(json, "extensionRelease", m.ExtensionRelease);
            if (m.UnitFiles.Count > 0)
            {
                json.StartArray("unitFiles");
                foreach (string unit in m.UnitFiles)
                {
                    json.String(null, unit);
                }

                json.EndArray();
            }

            json.Boolean("useBootableUefi", summary.HasEsp);
            json.Boolean("useBootableContainer", m.HasInitSystem);
            json.Boolean("usePortableService", m.IsPortableService);
            json.Boolean("useSystemExtension", m.ExtensionScopes.Contains("system"));
            json.Boolean("useInitRDExtension", m.ExtensionScopes.Contains("initrd"));
            json.Boolean("usePortableExtension", m.ExtensionScopes.Contains("portable"));
        }

        json.StartArray("mounts");
        foreach (SummaryRow r in summary.Rows)
        {
            json.StartObject();
            json.String("rw", r.Rw);
            json.String("designator", r.Designator);
            json.String("partition_uuid", r.PartitionUuid);
            json.String("partition_label", r.PartitionLabel);
            json.String("fstype", r.FileSystemType);
            json.String("architecture", r.Architecture);
            json.String("verity", r.Verity);
            json.Boolean("growfs", r.GrowFileSystem);
            json.String("node", r.Node);
            json.Number("partno", r.PartitionNumber);
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
        json.Finish();
    }

    private static void Pairs(JsonOutputWriter json, string name, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        if (pairs.Count == 0)
        {
            return;
        }

        json.StartArray(name);
        foreach (KeyValuePair<string, string> p in pairs)
        {
            json.String(null, $"{p.Key}={p.Value}");
        }

        json.EndArray();
    }
}
