// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Partitions.Mbr;

/// <summary>One used MBR partition record (primary 1–4, or a logical partition numbered from 5), with its byte range.</summary>
public sealed class MbrPartitionEntry
{
    /// <summary>Partition number: 1–4 for primary records (empty slots still count), 5… for logical partitions.</summary>
    public required int Number { get; init; }

    /// <summary>Boot indicator (0x00 or 0x80).</summary>
    public required byte BootIndicator { get; init; }

    /// <summary>True when the boot indicator is 0x80.</summary>
    public bool IsBootable => BootIndicator == MbrLayout.BootIndicatorActive;

    /// <summary>OSType (0x83 Linux, 0xEA XBOOTLDR, …).</summary>
    public required byte Type { get; init; }

    /// <summary>First sector (512-byte units).</summary>
    public required uint FirstSector { get; init; }

    /// <summary>Number of sectors.</summary>
    public required uint SectorCount { get; init; }

    /// <summary>Byte offset of the partition on the disk.</summary>
    public long Offset => (long)FirstSector * MbrLayout.SectorSize;

    /// <summary>Size in bytes.</summary>
    public long Length => (long)SectorCount * MbrLayout.SectorSize;
}
