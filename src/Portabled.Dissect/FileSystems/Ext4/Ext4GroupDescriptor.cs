// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ext4 block group descriptor (disk layout "Block Group Descriptors"), 32 bytes, or s_desc_size
 * bytes with INCOMPAT_64BIT, little-endian; only the fields the reader uses:
 *   0x08 bg_inode_table_lo u32   0x12 bg_flags u16   0x1E bg_checksum u16
 *   0x28 bg_inode_table_hi u32 (64-byte descriptors only)
 * With metadata_csum, bg_checksum is the low 16 bits of
 *   crc32c(seed, le32 group number, descriptor with bg_checksum taken as zero).
 * The descriptors of group g are in the table after the superblock (block s_first_data_block + 1),
 * or, with META_BG, from meta group s_first_meta_bg on, in the first block of their meta group.
 */
using Portabled.Dissect.Checksums;
using System.Buffers.Binary;
using System.Globalization;

namespace Portabled.Dissect.FileSystems.Ext4;

/// <summary>The fields of a block group descriptor the reader needs.</summary>
internal readonly record struct Ext4GroupDescriptor(long InodeTable, ushort Flags)
{
    /// <summary>Parses descriptor <paramref name="group"/> from <paramref name="raw"/> (exactly desc_size bytes), verifying its checksum.</summary>
    public static Ext4GroupDescriptor Parse(ReadOnlySpan<byte> raw, Ext4SuperBlock sb, long group, string image, long offset)
    {
        if (sb.HasMetadataChecksums)
        {
            uint crc = Crc32C.UpdateUInt32(sb.ChecksumSeed, (uint)group);
            crc = Crc32C.Update(crc, raw[..Ext4Layout.GdChecksum]);
            crc = Crc32C.Update(crc, [0, 0]);
            crc = Crc32C.Update(crc, raw[(Ext4Layout.GdChecksum + 2)..]);
            ushort expected = BinaryPrimitives.ReadUInt16LittleEndian(raw[Ext4Layout.GdChecksum..]);
            if ((ushort)crc != expected)
            {
                throw new InvalidImageException(image, nameof(Ext4GroupDescriptor), offset, string.Create(CultureInfo.InvariantCulture,
                    $"checksum 0x{(ushort)crc:x4} of group {group} does not match the stored 0x{expected:x4}"));
            }
        }

        long table = BinaryPrimitives.ReadUInt32LittleEndian(raw[Ext4Layout.GdInodeTableLo..]);
        if (raw.Length >= Ext4Layout.GdMinSize64Bit)
        {
            table |= (long)BinaryPrimitives.ReadUInt32LittleEndian(raw[Ext4Layout.GdInodeTableHi..]) << 32;
        }

        return new Ext4GroupDescriptor(table, BinaryPrimitives.ReadUInt16LittleEndian(raw[Ext4Layout.GdFlags..]));
    }
}
