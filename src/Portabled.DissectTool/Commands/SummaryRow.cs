// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.DissectTool.Commands;

/// <summary>One row of the partition table systemd-dissect prints; null cells print as "-" (JSON null).</summary>
internal sealed record SummaryRow(
    string Rw,
    string Designator,
    string? PartitionUuid,
    string? PartitionLabel,
    string? FileSystemType,
    string? Architecture,
    string? Verity,
    bool GrowFileSystem,
    string? Node,
    int? PartitionNumber);
