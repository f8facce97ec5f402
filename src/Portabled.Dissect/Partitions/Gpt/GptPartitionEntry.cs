// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Text;

namespace Portabled.Dissect.Partitions.Gpt;

/// <summary>One used GPT partition entry (UEFI 2.10 Table 5-6), with its byte range on the disk.</summary>
public sealed class GptPartitionEntry
{
    /// <summary>Partition number as the kernel and blkid count it: entry index + 1.</summary>
    public required int Number { get; init; }

    /// <summary>PartitionTypeGUID.</summary>
    public required Guid TypeGuid { get; init; }

    /// <summary>UniquePartitionGUID (blkid PARTUUID).</summary>
    public required Guid UniqueGuid { get; init; }

    /// <summary>StartingLBA.</summary>
    public required ulong FirstLba { get; init; }

    /// <summary>EndingLBA (inclusive).</summary>
    public required ulong LastLba { get; init; }

    /// <summary>Attributes.</summary>
    public required GptPartitionAttributes Attributes { get; init; }

    /// <summary>PartitionName decoded from UTF-16LE up to the first NUL (blkid PARTLABEL); invalid surrogates become U+FFFD.</summary>
    public required string Name { get; init; }

    /// <summary>Byte offset of the partition on the disk.</summary>
    public required long Offset { get; init; }

    /// <summary>Size in bytes.</summary>
    public required long Length { get; init; }

    /// <summary>Decodes the raw fields of one entry; range checks are the table's job.</summary>
    internal static (Guid Type, Guid Unique, ulong First, ulong Last, GptPartitionAttributes Attributes, string Name) DecodeRaw(ReadOnlySpan<byte> entry)
    {
        ReadOnlySpan<byte> nameBytes = entry.Slice(GptLayout.PartitionNameOffset, GptLayout.PartitionNameLength);
        int length = 0;
        while (length < nameBytes.Length && (nameBytes[length] != 0 || nameBytes[length + 1] != 0))
        {
            length += 2;
        }

        return (
            new Guid(entry.Slice(GptLayout.PartitionTypeGuidOffset, 16)),
            new Guid(entry.Slice(GptLayout.UniquePartitionGuidOffset, 16)),
            BinaryPrimitives.ReadUInt64LittleEndian(entry[GptLayout.StartingLbaOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(entry[GptLayout.EndingLbaOffset..]),
            (GptPartitionAttributes)BinaryPrimitives.ReadUInt64LittleEndian(entry[GptLayout.AttributesOffset..]),
            Encoding.Unicode.GetString(nameBytes[..length]));
    }
}
