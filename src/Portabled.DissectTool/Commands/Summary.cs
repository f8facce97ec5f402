// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Dissection;
using Portabled.DissectTool.Metadata;

namespace Portabled.DissectTool.Commands;

/// <summary>Everything the summary shows, collected once and rendered as text or JSON.</summary>
internal sealed class Summary
{
    public required string Name { get; init; }

    public long? Size { get; init; }

    public Guid? ImageUuid { get; init; }

    /// <summary>Null when the image's file system could not be read.</summary>
    public ImageMetadata? Metadata { get; init; }

    public bool HasEsp { get; init; }

    public required IReadOnlyList<SummaryRow> Rows { get; init; }

    public static Summary From(DissectedImage image, ImageMetadata? metadata)
    {
        var rows = new List<SummaryRow>();
        foreach ((PartitionDesignator designator, DissectedPartition p) in image.Selected.OrderBy(kv => kv.Key))
        {
            bool isVerity = designator is PartitionDesignator.RootVerity or PartitionDesignator.UsrVerity
                or PartitionDesignator.RootVeritySig or PartitionDesignator.UsrVeritySig;
            bool readOnly = p.ReadOnly || isVerity || p.FileSystemType is "squashfs" or "erofs" or "iso9660";
            rows.Add(new SummaryRow(
                readOnly ? "ro" : "rw",
                PartitionDesignatorNames.ToName(designator),
                p.Uuid?.ToString("D"),
                p.Label,
                p.FileSystemType,
                p.Architecture,
                VerityCell(image, designator),
                p.GrowFileSystem,
                p.PartitionNumber is null ? image.Name : null,
                p.PartitionNumber));
        }

        return new Summary
        {
            Name = image.Name,
            Size = image.IsDirectory ? null : image.Size,
            ImageUuid = image.PartitionTableUuid,
            Metadata = metadata,
            HasEsp = image.Selected.ContainsKey(PartitionDesignator.Esp),
            Rows = rows,
        };
    }

    /// <summary>systemd's VERITY column: root/usr of a partitioned image say signed/yes/no, a naked file system with a .verity sidecar "external"; other designators print "-".</summary>
    private static string? VerityCell(DissectedImage image, PartitionDesignator designator) => image.VerityStatus(designator);
}
