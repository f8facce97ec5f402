// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;

namespace Portabled.Dissect.Partitions.Mbr;

/*
 * MBR on disk (UEFI 2.10 section 5.2.1, Table 5-1/5-2), as libblkid's "dos" probe accepts it:
 *
 *   0…439   boot code            440 disk signature (u32)      444 reserved
 *   446     4 × 16-byte records: +0 boot indicator (0x00/0x80), +4 OSType, +8 StartingLBA (u32), +12 SizeInLBA (u32)
 *   510     0x55 0xAA
 *
 * Not a DOS table: no 0x55AA, a boot indicator other than 0x00/0x80, a 0xEE record (that is GPT),
 * or a FAT boot sector. Extended partitions (0x05, 0x0F, 0x85) hold a chain of EBRs: each EBR's
 * first record is a logical partition relative to that EBR, its second the next EBR relative to the
 * start of the extended partition; the chain is bounded and may not revisit an EBR.
 */

/// <summary>A validated MBR partition table.</summary>
public sealed class MbrPartitionTable
{
    private MbrPartitionTable(uint diskSignature, IReadOnlyList<MbrPartitionEntry> entries)
    {
        DiskSignature = diskSignature;
        Entries = entries;
    }

    /// <summary>The 32-bit disk signature (blkid PTUUID, printed as 8 hex digits).</summary>
    public uint DiskSignature { get; }

    /// <summary>Used partitions: primary records in slot order, then logical partitions in chain order.</summary>
    public IReadOnlyList<MbrPartitionEntry> Entries { get; }

    /// <summary>
    /// True when sector 0 is a DOS partition table by libblkid's rules (0x55AA, valid boot
    /// indicators, no 0xEE record, not a FAT boot sector).
    /// </summary>
    public static bool IsMbr(ImageRegion disk)
    {
        Span<byte> mbr = stackalloc byte[MbrLayout.SectorSize];
        return disk.Read(0, mbr) == mbr.Length && LooksLikeMbr(mbr);
    }

    /// <summary>Reads and validates the table; throws <see cref="InvalidImageException"/> when sector 0 is not a DOS table or a partition lies outside the disk.</summary>
    public static MbrPartitionTable Read(ImageRegion disk)
    {
        Span<byte> mbr = stackalloc byte[MbrLayout.SectorSize];
        if (disk.Read(0, mbr) != mbr.Length || !LooksLikeMbr(mbr))
        {
            throw new InvalidImageException(disk.ImagePath, "Mbr", disk.Offset, "not a DOS partition table");
        }

        long diskSectors = disk.Length / MbrLayout.SectorSize;
        var entries = new List<MbrPartitionEntry>();
        var extended = new List<MbrPartitionEntry>();
        for (int i = 0; i < MbrLayout.PrimaryRecordCount; i++)
        {
            MbrPartitionEntry? entry = DecodeRecord(mbr, i, i + 1, 0);
            if (entry is null)
            {
                continue;
            }

            CheckInside(disk, entry, 0, diskSectors);
            if (MbrLayout.IsExtendedType(entry.Type))
            {
                extended.Add(entry);
            }
            else
            {
                entries.Add(entry);
            }
        }

        foreach (MbrPartitionEntry container in extended.Take(1))
        {
            ReadLogicalPartitions(disk, container, entries);
        }

        return new MbrPartitionTable(BinaryPrimitives.ReadUInt32LittleEndian(mbr[440..]), entries);
    }

    private static bool LooksLikeMbr(ReadOnlySpan<byte> mbr)
    {
        if (mbr[MbrLayout.BootSignatureOffset] != 0x55 || mbr[MbrLayout.BootSignatureOffset + 1] != 0xAA)
        {
            return false;
        }

        if (mbr.Slice(MbrLayout.Fat16TypeOffset, 3).SequenceEqual("FAT"u8) || mbr.Slice(MbrLayout.Fat32TypeOffset, 5).SequenceEqual("FAT32"u8))
        {
            return false;
        }

        for (int i = 0; i < MbrLayout.PrimaryRecordCount; i++)
        {
            ReadOnlySpan<byte> record = mbr.Slice(MbrLayout.PartitionRecordOffset + (i * MbrLayout.PartitionRecordSize), MbrLayout.PartitionRecordSize);
            if (record[MbrLayout.BootIndicatorOffset] is not (0x00 or MbrLayout.BootIndicatorActive) || record[MbrLayout.OsTypeOffset] == MbrLayout.GptProtectiveType)
            {
                return false;
            }
        }

        return true;
    }

    private static MbrPartitionEntry? DecodeRecord(ReadOnlySpan<byte> sector, int slot, int number, long baseSector)
    {
        ReadOnlySpan<byte> record = sector.Slice(MbrLayout.PartitionRecordOffset + (slot * MbrLayout.PartitionRecordSize), MbrLayout.PartitionRecordSize);
        byte type = record[MbrLayout.OsTypeOffset];
        uint start = BinaryPrimitives.ReadUInt32LittleEndian(record[MbrLayout.StartingLbaOffset..]);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(record[MbrLayout.SizeInLbaOffset..]);
        if (type == 0 || count == 0)
        {
            return null;
        }

        long absolute = checked(baseSector + start);
        return new MbrPartitionEntry
        {
            Number = number,
            BootIndicator = record[MbrLayout.BootIndicatorOffset],
            Type = type,
            FirstSector = absolute > uint.MaxValue ? uint.MaxValue : (uint)absolute,
            SectorCount = count,
        };
    }

    private static void CheckInside(ImageRegion disk, MbrPartitionEntry entry, long minimumSector, long diskSectors)
    {
        long end = (long)entry.FirstSector + entry.SectorCount;
        if (entry.FirstSector < minimumSector || entry.FirstSector == 0 || end > diskSectors)
        {
            throw new InvalidImageException(disk.ImagePath, "MbrPartitionRecord", disk.Offset + MbrLayout.PartitionRecordOffset,
                $"partition {entry.Number} (sectors {entry.FirstSector}…{end - 1}) lies outside the {diskSectors}-sector disk");
        }
    }

    private static void ReadLogicalPartitions(ImageRegion disk, MbrPartitionEntry container, List<MbrPartitionEntry> entries)
    {
        long diskSectors = disk.Length / MbrLayout.SectorSize;
        long containerEnd = (long)container.FirstSector + container.SectorCount;
        var visited = new HashSet<long>();
        Span<byte> ebr = stackalloc byte[MbrLayout.SectorSize];
        long current = container.FirstSector;
        int number = 5;
        while (true)
        {
            if (!visited.Add(current) || visited.Count > MbrLayout.MaximumLogicalPartitions)
            {
                throw new InvalidImageException(disk.ImagePath, "Ebr", checked(current * MbrLayout.SectorSize), "extended partition chain loops or is too long");
            }

            disk.ReadExactly(checked(current * MbrLayout.SectorSize), ebr, "Ebr");
            if (ebr[MbrLayout.BootSignatureOffset] != 0x55 || ebr[MbrLayout.BootSignatureOffset + 1] != 0xAA)
            {
                return;
            }

            if (DecodeRecord(ebr, 0, number, current) is { } logical && !MbrLayout.IsExtendedType(logical.Type))
            {
                CheckInside(disk, logical, container.FirstSector, Math.Min(diskSectors, containerEnd));
                entries.Add(logical);
                number++;
            }

            MbrPartitionEntry? next = DecodeRecord(ebr, 1, 0, container.FirstSector);
            if (next is null || !MbrLayout.IsExtendedType(next.Type))
            {
                return;
            }

            current = next.FirstSector;
            if (current >= containerEnd)
            {
                throw new InvalidImageException(disk.ImagePath, "Ebr", checked(current * MbrLayout.SectorSize), "next EBR lies outside the extended partition");
            }
        }
    }
}
