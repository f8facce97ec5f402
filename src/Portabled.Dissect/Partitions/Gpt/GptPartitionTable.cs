// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Checksums;
using System.Buffers;
using System.Buffers.Binary;
using Portabled.Dissect.Partitions.Mbr;

namespace Portabled.Dissect.Partitions.Gpt;

/*
 * GPT on disk (UEFI 2.10 section 5.3), as read here:
 *
 *   LBA 0        protective MBR: 0x55AA at 510, a record of type 0xEE (first 512 bytes only)
 *   LBA 1        primary GPT header (92 bytes used, CRC32 over HeaderSize bytes)
 *   LBA 2…       primary partition entry array (NumberOfPartitionEntries × SizeOfPartitionEntry, CRC32)
 *   …            partitions, inside [FirstUsableLBA, LastUsableLBA]
 *   last-32…     backup entry array
 *   last LBA     backup GPT header (found by position, as libblkid does, not through AlternateLBA)
 *
 * The logical sector size is not recorded anywhere: like systemd's probe_sector_size(), look for a
 * plausible header at byte 512, 1024, 2048 and 4096; none means 512, several is refused.
 */

/// <summary>A validated GUID partition table: the header used, and the used entries in table order.</summary>
public sealed class GptPartitionTable
{
    private GptPartitionTable(int sectorSize, GptHeader header, bool isBackup, IReadOnlyList<GptPartitionEntry> entries)
    {
        SectorSize = sectorSize;
        Header = header;
        IsBackupHeader = isBackup;
        Entries = entries;
    }

    /// <summary>Logical sector size the table was found with (512 or 4096 in practice).</summary>
    public int SectorSize { get; }

    /// <summary>The header the entries were read through.</summary>
    public GptHeader Header { get; }

    /// <summary>True when the primary header or its entries were corrupt and the backup was used.</summary>
    public bool IsBackupHeader { get; }

    /// <summary>The partition table UUID.</summary>
    public Guid DiskGuid => Header.DiskGuid;

    /// <summary>Used entries (non-zero type GUID), in table order.</summary>
    public IReadOnlyList<GptPartitionEntry> Entries { get; }

    /// <summary>True when the first 512 bytes are a protective (or hybrid) MBR: 0x55AA and a record of type 0xEE.</summary>
    public static bool HasProtectiveMbr(ImageRegion disk)
    {
        Span<byte> mbr = stackalloc byte[MbrLayout.SectorSize];
        if (disk.Read(0, mbr) != mbr.Length || mbr[MbrLayout.BootSignatureOffset] != 0x55 || mbr[MbrLayout.BootSignatureOffset + 1] != 0xAA)
        {
            return false;
        }

        for (int i = 0; i < MbrLayout.PrimaryRecordCount; i++)
        {
            if (mbr[MbrLayout.PartitionRecordOffset + (i * MbrLayout.PartitionRecordSize) + MbrLayout.OsTypeOffset] == MbrLayout.GptProtectiveType)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads and validates the GPT of <paramref name="disk"/>: the primary header and entries, else
    /// the backup at the last LBA. Throws <see cref="InvalidImageException"/> naming both failures
    /// when neither copy is valid, or when there is no protective MBR.
    /// </summary>
    public static GptPartitionTable Read(ImageRegion disk)
    {
        if (!HasProtectiveMbr(disk))
        {
            throw new InvalidImageException(disk.ImagePath, "ProtectiveMbr", disk.Offset, "no protective MBR (0x55AA with a type 0xEE record)");
        }

        string? firstProblem = null;
        long firstOffset = disk.Offset + 512;
        foreach (int sectorSize in CandidateSectorSizes(disk))
        {
            long lastLba = (disk.Length / sectorSize) - 1;
            if (lastLba < 2)
            {
                firstProblem ??= $"image of {disk.Length} bytes is too small for a GPT";
                continue;
            }

            if (TryReadCopy(disk, sectorSize, 1, lastLba, out GptPartitionTable? table, out string primaryProblem))
            {
                return table!;
            }

            if (TryReadCopy(disk, sectorSize, lastLba, lastLba, out table, out string backupProblem))
            {
                return table!;
            }

            if (firstProblem is null)
            {
                firstProblem = $"{primaryProblem}; backup header at byte {checked(lastLba * sectorSize)}: {backupProblem}";
                firstOffset = disk.Offset + sectorSize;
            }
        }

        throw new InvalidImageException(disk.ImagePath, "GptHeader", firstOffset, firstProblem ?? "no GPT header");
    }

    /// <summary>Sector sizes to try: the one systemd's probe finds, else 512 then 4096 (for a lost primary).</summary>
    private static int[] CandidateSectorSizes(ImageRegion disk)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            int read = disk.Read(0, buffer.AsSpan(0, 8192));
            var plausible = new List<int>();
            foreach (int size in GptLayout.SectorSizes)
            {
                if (read >= size * 2 && GptHeader.IsPlausiblePrimary(buffer.AsSpan(size, size), size))
                {
                    plausible.Add(size);
                }
            }

            if (plausible.Count > 1)
            {
                throw new InvalidImageException(disk.ImagePath, "GptHeader", disk.Offset,
                    $"GPT headers plausible for several sector sizes ({string.Join(", ", plausible)}), refusing");
            }

            return plausible.Count == 1 ? [plausible[0]] : [512, 4096];
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool TryReadCopy(ImageRegion disk, int sectorSize, long lba, long lastLba, out GptPartitionTable? table, out string problem)
    {
        table = null;
        byte[] sector = ArrayPool<byte>.Shared.Rent(sectorSize);
        try
        {
            long offset = checked(lba * sectorSize);
            string where = lba == 1 ? "primary header" : "backup header";
            if (disk.Read(offset, sector.AsSpan(0, sectorSize)) != sectorSize)
            {
                problem = $"{where}: image is truncated";
                return false;
            }

            GptHeader? header = GptHeader.TryDecode(sector.AsSpan(0, sectorSize), out problem);
            if (header is null || !TryValidateHeader(header, lba, lastLba, sectorSize, out problem))
            {
                problem = $"{where}: {problem}";
                return false;
            }

            if (!TryReadEntries(disk, header, sectorSize, out List<GptPartitionEntry>? entries, out problem))
            {
                problem = $"{where}: {problem}";
                return false;
            }

            table = new GptPartitionTable(sectorSize, header, lba != 1, entries!);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(sector);
        }
    }

    private static bool TryValidateHeader(GptHeader h, long lba, long lastLba, int sectorSize, out string problem)
    {
        ulong last = (ulong)lastLba;
        problem =
            h.MyLba != (ulong)lba ? $"MyLBA {h.MyLba} but read from LBA {lba}"
            : h.AlternateLba == h.MyLba || h.AlternateLba > last ? $"AlternateLBA {h.AlternateLba} is not another LBA of the {last + 1}-sector disk"
            : h.FirstUsableLba > h.LastUsableLba ? $"FirstUsableLBA {h.FirstUsableLba} > LastUsableLBA {h.LastUsableLba}"
            : h.LastUsableLba > last ? $"LastUsableLBA {h.LastUsableLba} beyond the last LBA {last}"
            : h.MyLba >= h.FirstUsableLba && h.MyLba <= h.LastUsableLba ? $"header LBA {h.MyLba} inside the usable range"
            : h.NumberOfPartitionEntries == 0 || h.NumberOfPartitionEntries > GptLayout.MaximumEntryCount
                ? $"NumberOfPartitionEntries {h.NumberOfPartitionEntries} outside 1…{GptLayout.MaximumEntryCount}"
            : h.SizeOfPartitionEntry < GptLayout.MinimumEntrySize || h.SizeOfPartitionEntry > GptLayout.MaximumEntrySize || h.SizeOfPartitionEntry % 8 != 0
                ? $"SizeOfPartitionEntry {h.SizeOfPartitionEntry} is not a multiple of 8 in {GptLayout.MinimumEntrySize}…{GptLayout.MaximumEntrySize}"
            : (ulong)h.NumberOfPartitionEntries * h.SizeOfPartitionEntry > GptLayout.MaximumEntryArraySize
                ? $"partition entry array of {(ulong)h.NumberOfPartitionEntries * h.SizeOfPartitionEntry} bytes exceeds {GptLayout.MaximumEntryArraySize}"
            : string.Empty;
        if (problem.Length > 0)
        {
            return false;
        }

        // The entry array must lie on the disk, outside the usable range and off the header itself.
        ulong arrayBytes = (ulong)h.NumberOfPartitionEntries * h.SizeOfPartitionEntry;
        ulong arraySectors = (arrayBytes + (ulong)sectorSize - 1) / (ulong)sectorSize;
        ulong first = h.PartitionEntryLba;
        if (first == 0 || first > last || arraySectors - 1 > last - first)
        {
            problem = $"partition entry array at LBA {first} ({arraySectors} sectors) lies beyond the disk";
            return false;
        }

        ulong end = first + arraySectors - 1;
        if ((h.MyLba >= first && h.MyLba <= end) || (first <= h.LastUsableLba && end >= h.FirstUsableLba))
        {
            problem = $"partition entry array at LBA {first}…{end} overlaps the header or the usable range";
            return false;
        }

        return true;
    }

    private static bool TryReadEntries(ImageRegion disk, GptHeader h, int sectorSize, out List<GptPartitionEntry>? entries, out string problem)
    {
        entries = null;
        int entrySize = (int)h.SizeOfPartitionEntry;
        int arrayBytes = checked((int)h.NumberOfPartitionEntries * entrySize);
        long arrayOffset = checked((long)h.PartitionEntryLba * sectorSize);
        byte[] array = ArrayPool<byte>.Shared.Rent(arrayBytes);
        try
        {
            if (disk.Read(arrayOffset, array.AsSpan(0, arrayBytes)) != arrayBytes)
            {
                problem = $"partition entry array at byte {arrayOffset}: image is truncated";
                return false;
            }

            uint computed = Crc32.Compute(array.AsSpan(0, arrayBytes));
            if (computed != h.PartitionEntryArrayCrc32)
            {
                problem = $"partition entry array CRC32 mismatch (stored 0x{h.PartitionEntryArrayCrc32:x8}, computed 0x{computed:x8})";
                return false;
            }

            entries = new List<GptPartitionEntry>();
            for (int i = 0; i < (int)h.NumberOfPartitionEntries; i++)
            {
                var raw = GptPartitionEntry.DecodeRaw(array.AsSpan(i * entrySize, entrySize));
                if (raw.Type == Guid.Empty)
                {
                    continue;
                }

                if (raw.Last < raw.First || raw.First < h.FirstUsableLba || raw.Last > h.LastUsableLba)
                {
                    problem = $"partition {i + 1} (LBA {raw.First}…{raw.Last}) lies outside the usable range {h.FirstUsableLba}…{h.LastUsableLba}";
                    return false;
                }

                entries.Add(new GptPartitionEntry
                {
                    Number = i + 1,
                    TypeGuid = raw.Type,
                    UniqueGuid = raw.Unique,
                    FirstLba = raw.First,
                    LastLba = raw.Last,
                    Attributes = raw.Attributes,
                    Name = raw.Name,
                    Offset = checked((long)raw.First * sectorSize),
                    Length = checked((long)(raw.Last - raw.First + 1) * sectorSize),
                });
            }

            return TryCheckOverlaps(entries, out problem);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private static bool TryCheckOverlaps(List<GptPartitionEntry> entries, out string problem)
    {
        var sorted = entries.OrderBy(e => e.FirstLba).ToList();
        for (int i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].FirstLba <= sorted[i - 1].LastLba)
            {
                problem = $"partitions {sorted[i - 1].Number} and {sorted[i].Number} overlap";
                return false;
            }
        }

        problem = string.Empty;
        return true;
    }
}
