// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Partitions.Mbr;

/// <summary>
/// Byte offsets of the Master Boot Record, UEFI 2.10 section 5.2.1 "Legacy Master Boot Record" (Table 5-1,
/// Table 5-2) and section 5.2.3 "Protective MBR" (Table 5-4), plus the extended-partition (EBR) chain as
/// Linux and libblkid read it. Only the first 512 bytes of LBA 0 count, whatever the sector size.
/// </summary>
internal static class MbrLayout
{
    /// <summary>Size of the MBR and of each EBR.</summary>
    public const int SectorSize = 512;

    /// <summary>First of the four 16-byte partition records.</summary>
    public const int PartitionRecordOffset = 446;

    /// <summary>Size of one partition record.</summary>
    public const int PartitionRecordSize = 16;

    /// <summary>Number of primary partition records.</summary>
    public const int PrimaryRecordCount = 4;

    /// <summary>Boot signature 0x55 0xAA at byte 510.</summary>
    public const int BootSignatureOffset = 510;

    // Partition record (Table 5-2).
    public const int BootIndicatorOffset = 0;
    public const int OsTypeOffset = 4;
    public const int StartingLbaOffset = 8;
    public const int SizeInLbaOffset = 12;

    /// <summary>Boot indicator of an active (bootable) partition.</summary>
    public const byte BootIndicatorActive = 0x80;

    /// <summary>OSType of the protective MBR's record (GPT protective).</summary>
    public const byte GptProtectiveType = 0xEE;

    /// <summary>OSType of a Linux native partition.</summary>
    public const byte LinuxType = 0x83;

    /// <summary>OSType used for an XBOOTLDR partition on MBR (Boot Loader Specification).</summary>
    public const byte XBootLdrType = 0xEA;

    /// <summary>Extended partition types: DOS (0x05), Windows LBA (0x0F), Linux (0x85).</summary>
    public static bool IsExtendedType(byte type) => type is 0x05 or 0x0F or 0x85;

    /// <summary>Logical partitions followed along an EBR chain before it is refused (hardening).</summary>
    public const int MaximumLogicalPartitions = 128;

    /// <summary>FAT boot sector file system type strings (FAT12/16 at 54, FAT32 at 82): such a sector is a VBR, not an MBR.</summary>
    public const int Fat16TypeOffset = 54;

    /// <summary>See <see cref="Fat16TypeOffset"/>.</summary>
    public const int Fat32TypeOffset = 82;
}
