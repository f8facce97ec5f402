// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using Portabled.DissectTool.Commands;

namespace Portabled.DissectTool.Output;

/// <summary>
/// The human-readable summary in systemd-dissect 252's layout (labels right-aligned to 10 columns,
/// ✓/✗ verdicts, then the partition table), plus "Image UUID" (the GPT disk GUID, as newer
/// systemd prints it) and "Unit Files" (the portable unit files found along the unit search path).
/// </summary>
internal static class SummaryTextWriter
{
    public static void Write(TextWriter output, Summary summary, bool legend)
    {
        output.Write($"      Name: {summary.Name}\n");
        if (summary.Size is long size)
        {
            output.Write($"      Size: {ByteSizeFormatter.Format((ulong)size)}\n");
        }

        output.Write('\n');
        if (summary.Metadata is { } m)
        {
            if (summary.ImageUuid is Guid uuid)
            {
                output.Write($"Image UUID: {uuid:D}\n");
            }

            if (m.Hostname is not null)
            {
                output.Write($"  Hostname: {m.Hostname}\n");
            }

            if (m.MachineId is not null)
            {
                output.Write($"Machine ID: {m.MachineId}\n");
            }

            WritePairs(output, "Mach. Info:", m.MachineInfo.Select(p => $"{p.Key}={p.Value}"));
            WritePairs(output, "OS Release:", m.OsRelease.Select(p => $"{p.Key}={p.Value}"));
            WritePairs(output, " Ext. Rel.:", m.ExtensionRelease.Select(p => $"{p.Key}={p.Value}"));
            WritePairs(output, "Unit Files:", m.UnitFiles);
            if (summary.ImageUuid is not null || m.Hostname is not null || m.MachineId is not null || m.MachineInfo.Count > 0
                || m.OsRelease.Count > 0 || m.ExtensionRelease.Count > 0 || m.UnitFiles.Count > 0)
            {
                output.Write('\n');
            }

            output.Write($"    Use As: {Mark(summary.HasEsp)} bootable system for UEFI\n");
            output.Write($"            {Mark(m.HasInitSystem)} bootable system for container\n");
            output.Write($"            {Mark(m.IsPortableService)} portable service\n");
            output.Write($"            {Mark(m.ExtensionScopes.Contains("system"))} extension for system\n");
            output.Write($"            {Mark(m.ExtensionScopes.Contains("initrd"))} extension for initrd\n");
            output.Write($"            {Mark(m.ExtensionScopes.Contains("portable"))} extension for portable service\n");
            output.Write('\n');
        }

        if (summary.Rows.Count == 0)
        {
            return;
        }

        var table = new TableFormatter(
            ["rw", "designator", "partition uuid", "partition label", "fstype", "architecture", "verity", "growfs", "node", "partno"],
            new HashSet<int> { 9 });
        foreach (SummaryRow r in summary.Rows)
        {
            table.AddRow(r.Rw, r.Designator, r.PartitionUuid, r.PartitionLabel, r.FileSystemType, r.Architecture, r.Verity,
                r.GrowFileSystem ? "yes" : "no", r.Node, r.PartitionNumber?.ToString(CultureInfo.InvariantCulture));
        }

        table.Write(output, legend);
    }

    private static string Mark(bool value) => value ? "✓" : "✗";

    private static void WritePairs(TextWriter output, string label, IEnumerable<string> lines)
    {
        bool first = true;
        foreach (string line in lines)
        {
            output.Write(first ? label : new string(' ', label.Length));
            output.Write(' ');
            output.Write(line);
            output.Write('\n');
            first = false;
        }
    }
}
