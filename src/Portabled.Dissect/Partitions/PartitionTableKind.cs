// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Partitions;

/// <summary>What envelope an image has: the partition table kind, or none.</summary>
public enum PartitionTableKind
{
    /// <summary>No partition table: a naked file system (or a directory image).</summary>
    None,

    /// <summary>GUID Partition Table (blkid <c>gpt</c>).</summary>
    Gpt,

    /// <summary>MBR / DOS partition table (blkid <c>dos</c>).</summary>
    Mbr,
}
