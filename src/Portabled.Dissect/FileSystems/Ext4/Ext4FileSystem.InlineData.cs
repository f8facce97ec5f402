// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Inline data (disk layout "Inline Data", "Extended Attributes"): with INLINE_DATA_FL the content
 * is i_block (60 bytes) followed by the value of the in-inode extended attribute "system.data".
 * The in-inode attribute area starts at 0x80 + i_extra_isize, little-endian:
 *   0x00 h_magic u32 (0xEA020000), then entries, each 4-byte aligned, ended by 4 zero bytes:
 *   0x00 e_name_len u8  0x01 e_name_index u8 (7 = "system.")  0x02 e_value_offs u16
 *   0x04 e_value_inum u32 (EA_INODE: value in another inode)  0x08 e_value_size u32  0x0C e_hash u32
 *   0x10 e_name[e_name_len]
 * Value offsets count from the first entry (just after h_magic).
 */
using System.Buffers.Binary;

namespace Portabled.Dissect.FileSystems.Ext4;

public sealed partial class Ext4FileSystem
{
    private static ReadOnlySpan<byte> DataName => "data"u8;

    /// <summary>
    /// The inline content of <paramref name="inode"/>: i_block then system.data, cut to i_size
    /// (or, for directories, whatever is stored when <paramref name="allowShort"/>).
    /// </summary>
    private byte[] ReadInlineData(Ext4Inode inode, bool allowShort = false)
    {
        ReadOnlySpan<byte> extra = FindSystemData(inode);
        long stored = Ext4Layout.InodeBlockSize + extra.Length;
        if (inode.Size > stored && !allowShort)
        {
            throw new InvalidImageException(ImagePath, $"inline data of inode {inode.Number}: size {inode.Size} exceeds the {stored} bytes stored in the inode");
        }

        int length = allowShort ? (int)stored : (int)inode.Size;
        var content = new byte[length];
        int fromBlock = Math.Min(length, Ext4Layout.InodeBlockSize);
        inode.Block[..fromBlock].CopyTo(content);
        extra[..(length - fromBlock)].CopyTo(content.AsSpan(fromBlock));
        return content;
    }

    /// <summary>The value of system.data in the in-inode attribute area; empty when there is none.</summary>
    private ReadOnlySpan<byte> FindSystemData(Ext4Inode inode)
    {
        ReadOnlySpan<byte> area = inode.XattrArea;
        if (area.Length < 4 || BinaryPrimitives.ReadUInt32LittleEndian(area) != Ext4Layout.XattrMagic)
        {
            return [];
        }

        const int first = 4;
        int position = first;
        while (area.Length - position >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(area[position..]) != 0)
        {
            if (area.Length - position < Ext4Layout.XattrEntryHeaderSize)
            {
                throw BadXattr(inode, "entry header runs past the inode");
            }

            ReadOnlySpan<byte> e = area[position..];
            int nameLength = e[Ext4Layout.XattrEntryNameLen];
            int entrySize = (Ext4Layout.XattrEntryHeaderSize + nameLength + 3) & ~3;
            if (entrySize > e.Length)
            {
                throw BadXattr(inode, "entry name runs past the inode");
            }

            if (e[Ext4Layout.XattrEntryNameIndex] == Ext4Layout.XattrIndexSystem
                && e.Slice(Ext4Layout.XattrEntryHeaderSize, nameLength).SequenceEqual(DataName))
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(e[Ext4Layout.XattrEntryValueInum..]) != 0)
                {
                    throw new UnsupportedImageException(ImagePath, $"inline data of inode {inode.Number} lives in an extended attribute inode (ea_inode), which this reader does not implement.");
                }

                int offset = BinaryPrimitives.ReadUInt16LittleEndian(e[Ext4Layout.XattrEntryValueOffs..]);
                uint size = BinaryPrimitives.ReadUInt32LittleEndian(e[Ext4Layout.XattrEntryValueSize..]);
                if (size > (uint)(area.Length - first) || offset > area.Length - first - (int)size)
                {
                    throw BadXattr(inode, $"system.data value ({size} bytes at {offset}) runs past the inode");
                }

                return area.Slice(first + offset, (int)size);
            }

            position += entrySize;
        }

        return [];
    }

    private InvalidImageException BadXattr(Ext4Inode inode, string problem) =>
        new(ImagePath, $"in-inode extended attributes of inode {inode.Number}: {problem}");
}
