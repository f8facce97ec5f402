// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Inline data (disk layout "Inline Data", "Extended Attributes"): with INLINE_DATA_FL the content
 * is i_block (60 bytes) followed by the value of the in-inode extended attribute "system.data".
 * The in-inode attribute area starts at 0x80 + i_extra_isize; its entries are read by
 * Ext4FileSystem.Xattrs.cs (name index 7 = "system.", name "data"). Value offsets count from the
 * first entry (just after h_magic).
 */

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
        if (!HasInodeXattrs(area))
        {
            return [];
        }

        int first = Ext4Layout.XattrInodeHeaderSize;
        foreach (Ext4XattrEntry entry in ReadXattrEntries(area, first, first, problem => BadXattr(inode, problem)))
        {
            if (entry.NameIndex == Ext4Layout.XattrIndexSystem && area.Slice(entry.NameStart, entry.NameLength).SequenceEqual(DataName))
            {
                if (entry.ValueInode != 0)
                {
                    throw new UnsupportedImageException(ImagePath, $"inline data of inode {inode.Number} lives in an extended attribute inode (ea_inode), which this reader does not implement.");
                }

                return entry.ValueSize == 0 ? [] : area.Slice(entry.ValueStart, entry.ValueSize);
            }
        }

        return [];
    }

    private InvalidImageException BadXattr(Ext4Inode inode, string problem) =>
        new(ImagePath, $"{nameof(Ext4Inode)} {inode.Number} in-inode xattrs", inode.Offset + inode.XattrAreaStart, problem);
}
