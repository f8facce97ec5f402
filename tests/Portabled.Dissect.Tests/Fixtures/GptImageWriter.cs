// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Checksums;
using System.Buffers.Binary;
using System.Text;
using Portabled.Dissect.Partitions;

namespace Portabled.Dissect.Tests.Fixtures;

/// <summary>One partition for <see cref="GptImageWriter"/>.</summary>
internal sealed record GptTestPartition(Guid Type, ulong FirstLba, ulong LastLba, string Name = "", ulong Attributes = 0, Guid? Unique = null);

/// <summary>
/// Writes GPT disk images byte by byte (UEFI 2.10 section 5.3), for what sfdisk cannot write into a file:
/// 4096-byte sectors, and hostile headers whose CRCs are still correct. <see cref="EditHeader"/> runs
/// on each header before its CRC is computed (so edits stay CRC-valid); the Break* switches then
/// damage a CRC afterwards.
/// </summary>
internal sealed class GptImageWriter
{
    public int SectorSize { get; init; } = 512;

    public long TotalSectors { get; init; } = 2048;

    public int EntryCount { get; init; } = 128;

    public int EntrySize { get; init; } = 128;

    public Guid DiskGuid { get; init; } = new("11111111-2222-3333-4444-555555555555");

    public List<GptTestPartition> Partitions { get; init; } = [];

    /// <summary>Edits a header before its CRC is computed; the bool is true for the backup.</summary>
    public Action<Span<byte>, bool>? EditHeader { get; init; }

    /// <summary>Edits the entry array before its CRC is computed.</summary>
    public Action<Span<byte>>? EditEntries { get; init; }

    public bool BreakPrimaryHeaderCrc { get; init; }

    public bool BreakBackupHeaderCrc { get; init; }

    public bool BreakEntryCrc { get; init; }

    public bool WriteProtectiveMbr { get; init; } = true;

    /// <summary>Sectors taken by the entry array.</summary>
    public int EntrySectors => ((EntryCount * EntrySize) + SectorSize - 1) / SectorSize;

    /// <summary>First usable LBA.</summary>
    public ulong FirstUsable => (ulong)(2 + EntrySectors);

    /// <summary>Last usable LBA.</summary>
    public ulong LastUsable => (ulong)(TotalSectors - 2 - EntrySectors);

    /// <summary>Builds the image in memory.</summary>
    public byte[] Build()
    {
        byte[] image = new byte[TotalSectors * SectorSize];
        if (WriteProtectiveMbr)
        {
            Span<byte> record = image.AsSpan(446, 16);
            record[4] = 0xEE;
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], 1);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)Math.Min(TotalSectors - 1, uint.MaxValue));
            image[510] = 0x55;
            image[511] = 0xAA;
        }

        byte[] entries = BuildEntries();
        uint entriesCrc = Crc32.Compute(entries) ^ (BreakEntryCrc ? 1u : 0u);
        long backupEntriesLba = TotalSectors - 1 - EntrySectors;
        entries.CopyTo(image, 2L * SectorSize);
        entries.CopyTo(image, backupEntriesLba * SectorSize);
        WriteHeader(image.AsSpan(SectorSize, SectorSize), 1, TotalSectors - 1, 2, entriesCrc, backup: false);
        WriteHeader(image.AsSpan((int)((TotalSectors - 1) * SectorSize), SectorSize), TotalSectors - 1, 1, backupEntriesLba, entriesCrc, backup: true);
        return image;
    }

    /// <summary>Builds the image into a new file of the shared fixture directory and returns its path.</summary>
    public string WriteFile(string name)
    {
        string path = TestImages.NewPath(name);
        File.WriteAllBytes(path, Build());
        return path;
    }

    private byte[] BuildEntries()
    {
        byte[] entries = new byte[EntryCount * EntrySize];
        for (int i = 0; i < Partitions.Count; i++)
        {
            GptTestPartition p = Partitions[i];
            Span<byte> e = entries.AsSpan(i * EntrySize, EntrySize);
            p.Type.TryWriteBytes(e);
            (p.Unique ?? Guid.NewGuid()).TryWriteBytes(e[16..]);
            BinaryPrimitives.WriteUInt64LittleEndian(e[32..], p.FirstLba);
            BinaryPrimitives.WriteUInt64LittleEndian(e[40..], p.LastLba);
            BinaryPrimitives.WriteUInt64LittleEndian(e[48..], p.Attributes);
            Encoding.Unicode.GetBytes(p.Name).CopyTo(e[56..]);
        }

        EditEntries?.Invoke(entries);
        return entries;
    }

    private void WriteHeader(Span<byte> h, long myLba, long alternateLba, long entriesLba, uint entriesCrc, bool backup)
    {
        "EFI PART"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], 0x00010000);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], 92);
        BinaryPrimitives.WriteUInt64LittleEndian(h[24..], (ulong)myLba);
        BinaryPrimitives.WriteUInt64LittleEndian(h[32..], (ulong)alternateLba);
        BinaryPrimitives.WriteUInt64LittleEndian(h[40..], FirstUsable);
        BinaryPrimitives.WriteUInt64LittleEndian(h[48..], LastUsable);
        DiskGuid.TryWriteBytes(h[56..]);
        BinaryPrimitives.WriteUInt64LittleEndian(h[72..], (ulong)entriesLba);
        BinaryPrimitives.WriteUInt32LittleEndian(h[80..], (uint)EntryCount);
        BinaryPrimitives.WriteUInt32LittleEndian(h[84..], (uint)EntrySize);
        BinaryPrimitives.WriteUInt32LittleEndian(h[88..], entriesCrc);
        EditHeader?.Invoke(h, backup);
        int size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(h[12..]), (uint)h.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], 0);
        uint crc = Crc32.Compute(h[..Math.Max(size, 92)]);
        if (backup ? BreakBackupHeaderCrc : BreakPrimaryHeaderCrc)
        {
            crc ^= 0xDEADBEEF;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], crc);
    }
}
