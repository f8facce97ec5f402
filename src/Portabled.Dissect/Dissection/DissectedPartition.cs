// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Partitions.Gpt;

namespace Portabled.Dissect.Dissection;

/// <summary>
/// A partition dissection recognised: a DPS type on GPT, the generic Linux type, a bootable Linux
/// (0x83) or XBOOTLDR (0xEA) record on MBR, or the whole image for a naked file system.
/// </summary>
public sealed class DissectedPartition
{
    /// <summary>What the partition serves as, or null for types that serve none (linux-generic, user-home).</summary>
    public required PartitionDesignator? Designator { get; init; }

    /// <summary>Type name as systemd spells it (<c>root-x86-64</c>, <c>usr-arm64-verity</c>, <c>linux-generic</c>), <c>mbr-0x83</c>/<c>mbr-0xea</c> on MBR, or null for a naked file system.</summary>
    public required string? TypeName { get; init; }

    /// <summary>GPT partition type GUID, or null.</summary>
    public Guid? TypeGuid { get; init; }

    /// <summary>Architecture (systemd name) of arch-specific types, else null.</summary>
    public string? Architecture { get; init; }

    /// <summary>Partition number (1-based, as the kernel numbers it), or null for a naked file system.</summary>
    public int? PartitionNumber { get; init; }

    /// <summary>Byte offset in the image.</summary>
    public required long Offset { get; init; }

    /// <summary>Size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>GPT partition name (PARTLABEL), or null when empty or absent.</summary>
    public string? Label { get; init; }

    /// <summary>GPT unique partition GUID (PARTUUID), or null.</summary>
    public Guid? Uuid { get; init; }

    /// <summary>Raw GPT attribute bits (<see cref="GptPartitionAttributes.None"/> elsewhere).</summary>
    public GptPartitionAttributes Attributes { get; init; }

    /// <summary>DPS no-auto (bit 63): ignored for selection.</summary>
    public bool NoAuto => Attributes.HasFlag(GptPartitionAttributes.NoAuto);

    /// <summary>DPS read-only (bit 60).</summary>
    public bool ReadOnly => Attributes.HasFlag(GptPartitionAttributes.ReadOnly);

    /// <summary>DPS grow-fs (bit 59).</summary>
    public bool GrowFileSystem => Attributes.HasFlag(GptPartitionAttributes.GrowFileSystem);

    /// <summary>
    /// The content type: the name of the file system format that recognised it (<c>squashfs</c>,
    /// <c>ext4</c>, <c>erofs</c>), <c>DM_verity_hash</c> for a verity superblock (as blkid names it),
    /// or null when nothing here recognises it.
    /// </summary>
    public string? FileSystemType { get; init; }

    /// <summary>The reader for the partition's file system, or null.</summary>
    public IFileSystemFormat? FileSystemFormat { get; init; }

    /// <summary>True when dissection chose this partition for its designator.</summary>
    public bool IsSelected { get; internal set; }

    /// <summary>The bounded window of the image this partition occupies.</summary>
    public required ImageRegion Region { get; init; }
}
