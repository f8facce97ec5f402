// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Partitions.Gpt;

/// <summary>
/// Byte offsets of the GPT structures, UEFI Specification 2.10 section 5.3 "GUID Partition Table (GPT)
/// Disk Layout": Table 5-5 (GPT Header), Table 5-6 (GPT Partition Entry) and Table 5-7 (attribute
/// bits), plus the hardening limits this reader applies on top of the specification. All integers
/// are little-endian; GUIDs use the mixed-endian EFI_GUID layout that <see cref="Guid(ReadOnlySpan{byte})"/> reads.
/// </summary>
internal static class GptLayout
{
    /// <summary>"EFI PART" as a little-endian u64 (Table 5-5, Signature).</summary>
    public const ulong Signature = 0x5452415020494645;

    /// <summary>Revision 1.0 (Table 5-5, Revision).</summary>
    public const uint Revision = 0x00010000;

    /// <summary>Smallest HeaderSize (the 92 bytes of defined fields).</summary>
    public const int MinimumHeaderSize = 92;

    // GPT header (Table 5-5).
    public const int SignatureOffset = 0;
    public const int RevisionOffset = 8;
    public const int HeaderSizeOffset = 12;
    public const int HeaderCrc32Offset = 16;
    public const int MyLbaOffset = 24;
    public const int AlternateLbaOffset = 32;
    public const int FirstUsableLbaOffset = 40;
    public const int LastUsableLbaOffset = 48;
    public const int DiskGuidOffset = 56;
    public const int PartitionEntryLbaOffset = 72;
    public const int NumberOfPartitionEntriesOffset = 80;
    public const int SizeOfPartitionEntryOffset = 84;
    public const int PartitionEntryArrayCrc32Offset = 88;

    // GPT partition entry (Table 5-6).
    public const int PartitionTypeGuidOffset = 0;
    public const int UniquePartitionGuidOffset = 16;
    public const int StartingLbaOffset = 32;
    public const int EndingLbaOffset = 40;
    public const int AttributesOffset = 48;
    public const int PartitionNameOffset = 56;

    /// <summary>PartitionName: 36 UTF-16LE code units.</summary>
    public const int PartitionNameLength = 72;

    /// <summary>Smallest SizeOfPartitionEntry (Table 5-5: 128 × 2^n).</summary>
    public const int MinimumEntrySize = 128;

    /// <summary>Largest SizeOfPartitionEntry accepted (hardening; 128 in practice).</summary>
    public const int MaximumEntrySize = 4096;

    /// <summary>Largest NumberOfPartitionEntries accepted (hardening; 128 in practice).</summary>
    public const int MaximumEntryCount = 1024;

    /// <summary>Largest partition entry array accepted, in bytes (hardening; 16 KiB in practice).</summary>
    public const int MaximumEntryArraySize = 1 << 20;

    /// <summary>
    /// Logical sector sizes probed for the primary header at LBA 1, as systemd's probe_sector_size()
    /// does (Discoverable Disk Image spec: readers should find the header at 512 or 4096).
    /// </summary>
    public static ReadOnlySpan<int> SectorSizes => [512, 1024, 2048, 4096];
}
