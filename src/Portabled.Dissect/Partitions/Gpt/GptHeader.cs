// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Checksums;
using System.Buffers.Binary;

namespace Portabled.Dissect.Partitions.Gpt;

/// <summary>
/// A decoded GPT header (UEFI 2.10 Table 5-5). Decoding checks only what the header says about
/// itself (signature, revision, size, CRC); <see cref="GptPartitionTable"/> checks it against the
/// disk (its LBA, the usable range, the entry array).
/// </summary>
public sealed class GptHeader
{
    private GptHeader()
    {
    }

    /// <summary>Revision (0x00010000 for 1.0).</summary>
    public uint Revision { get; private init; }

    /// <summary>HeaderSize: bytes covered by the header CRC.</summary>
    public uint HeaderSize { get; private init; }

    /// <summary>HeaderCRC32 as stored.</summary>
    public uint HeaderCrc32 { get; private init; }

    /// <summary>MyLBA: where this header says it lives.</summary>
    public ulong MyLba { get; private init; }

    /// <summary>AlternateLBA: where the other header lives.</summary>
    public ulong AlternateLba { get; private init; }

    /// <summary>FirstUsableLBA.</summary>
    public ulong FirstUsableLba { get; private init; }

    /// <summary>LastUsableLBA (inclusive).</summary>
    public ulong LastUsableLba { get; private init; }

    /// <summary>DiskGUID: the partition table UUID (blkid PTUUID).</summary>
    public Guid DiskGuid { get; private init; }

    /// <summary>PartitionEntryLBA: first LBA of the entry array.</summary>
    public ulong PartitionEntryLba { get; private init; }

    /// <summary>NumberOfPartitionEntries.</summary>
    public uint NumberOfPartitionEntries { get; private init; }

    /// <summary>SizeOfPartitionEntry in bytes.</summary>
    public uint SizeOfPartitionEntry { get; private init; }

    /// <summary>PartitionEntryArrayCRC32 as stored.</summary>
    public uint PartitionEntryArrayCrc32 { get; private init; }

    /// <summary>
    /// True when <paramref name="sector"/> (a sector read at LBA 1) looks like a GPT header for
    /// <paramref name="sectorSize"/>: signature, revision, a header size that fits, MyLBA = 1. No CRC
    /// check — this is systemd's probe_sector_size() test, used only to pick the sector size.
    /// </summary>
    internal static bool IsPlausiblePrimary(ReadOnlySpan<byte> sector, int sectorSize)
    {
        if (sector.Length < GptLayout.MinimumHeaderSize)
        {
            return false;
        }

        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(sector[GptLayout.HeaderSizeOffset..]);
        return BinaryPrimitives.ReadUInt64LittleEndian(sector) == GptLayout.Signature
            && BinaryPrimitives.ReadUInt32LittleEndian(sector[GptLayout.RevisionOffset..]) == GptLayout.Revision
            && headerSize >= GptLayout.MinimumHeaderSize && headerSize <= (uint)sectorSize
            && BinaryPrimitives.ReadUInt64LittleEndian(sector[GptLayout.MyLbaOffset..]) == 1;
    }

    /// <summary>
    /// Decodes the header at the start of <paramref name="sector"/> (one logical sector). Returns
    /// null and a reason when the signature, revision, size or CRC is wrong.
    /// </summary>
    internal static GptHeader? TryDecode(ReadOnlySpan<byte> sector, out string problem)
    {
        if (sector.Length < GptLayout.MinimumHeaderSize || BinaryPrimitives.ReadUInt64LittleEndian(sector) != GptLayout.Signature)
        {
            problem = "no \"EFI PART\" signature";
            return null;
        }

        uint revision = BinaryPrimitives.ReadUInt32LittleEndian(sector[GptLayout.RevisionOffset..]);
        if (revision >> 16 != 1)
        {
            problem = $"unsupported revision 0x{revision:x8}";
            return null;
        }

        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(sector[GptLayout.HeaderSizeOffset..]);
        if (headerSize < GptLayout.MinimumHeaderSize || headerSize > (uint)sector.Length)
        {
            problem = $"header size {headerSize} outside {GptLayout.MinimumHeaderSize}…{sector.Length}";
            return null;
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(sector[GptLayout.HeaderCrc32Offset..]);
        uint computed = ComputeHeaderCrc(sector[..(int)headerSize]);
        if (stored != computed)
        {
            problem = $"header CRC32 mismatch (stored 0x{stored:x8}, computed 0x{computed:x8})";
            return null;
        }

        problem = string.Empty;
        return new GptHeader
        {
            Revision = revision,
            HeaderSize = headerSize,
            HeaderCrc32 = stored,
            MyLba = BinaryPrimitives.ReadUInt64LittleEndian(sector[GptLayout.MyLbaOffset..]),
            AlternateLba = BinaryPrimitives.ReadUInt64LittleEndian(sector[GptLayout.AlternateLbaOffset..]),
            FirstUsableLba = BinaryPrimitives.ReadUInt64LittleEndian(sector[GptLayout.FirstUsableLbaOffset..]),
            LastUsableLba = BinaryPrimitives.ReadUInt64LittleEndian(sector[GptLayout.LastUsableLbaOffset..]),
            DiskGuid = new Guid(sector.Slice(GptLayout.DiskGuidOffset, 16)),
            PartitionEntryLba = BinaryPrimitives.ReadUInt64LittleEndian(sector[GptLayout.PartitionEntryLbaOffset..]),
            NumberOfPartitionEntries = BinaryPrimitives.ReadUInt32LittleEndian(sector[GptLayout.NumberOfPartitionEntriesOffset..]),
            SizeOfPartitionEntry = BinaryPrimitives.ReadUInt32LittleEndian(sector[GptLayout.SizeOfPartitionEntryOffset..]),
            PartitionEntryArrayCrc32 = BinaryPrimitives.ReadUInt32LittleEndian(sector[GptLayout.PartitionEntryArrayCrc32Offset..]),
        };
    }

    /// <summary>CRC32 over the header bytes with the HeaderCRC32 field taken as zero.</summary>
    internal static uint ComputeHeaderCrc(ReadOnlySpan<byte> header)
    {
        uint running = Crc32.Append(Crc32.Start, header[..GptLayout.HeaderCrc32Offset]);
        running = Crc32.Append(running, [0, 0, 0, 0]);
        running = Crc32.Append(running, header[(GptLayout.HeaderCrc32Offset + 4)..]);
        return Crc32.Finish(running);
    }
}
