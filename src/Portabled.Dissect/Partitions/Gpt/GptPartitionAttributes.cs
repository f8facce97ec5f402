// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Partitions.Gpt;

/// <summary>
/// GPT partition attribute bits: UEFI 2.10 Table 5-7 (bits 0–2) and the Discoverable Partitions
/// Specification's flags (bits 59, 60, 63) for the DPS partition types.
/// </summary>
[Flags]
public enum GptPartitionAttributes : ulong
{
    /// <summary>No bit set.</summary>
    None = 0,

    /// <summary>Bit 0: required for the platform to function.</summary>
    RequiredPartition = 1UL << 0,

    /// <summary>Bit 1: no EFI_BLOCK_IO_PROTOCOL (systemd skips an ESP with it, as no-auto).</summary>
    NoBlockIOProtocol = 1UL << 1,

    /// <summary>Bit 2: legacy BIOS bootable.</summary>
    LegacyBiosBootable = 1UL << 2,

    /// <summary>Bit 59, DPS SD_GPT_FLAG_GROWFS: grow the file system to the partition when mounted writable.</summary>
    GrowFileSystem = 1UL << 59,

    /// <summary>Bit 60, DPS SD_GPT_FLAG_READ_ONLY: mount read-only.</summary>
    ReadOnly = 1UL << 60,

    /// <summary>Bit 63, DPS SD_GPT_FLAG_NO_AUTO: not for automatic discovery; dissection ignores the partition.</summary>
    NoAuto = 1UL << 63,
}
