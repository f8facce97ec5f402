// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Locating group descriptors and inodes (disk layout "Block Group Descriptors", "Index Nodes",
 * "Meta Block Groups"):
 *   descriptor g without META_BG (or in a meta group below s_first_meta_bg):
 *     byte (s_first_data_block + 1) × block_size + g × desc_size
 *   descriptor g with META_BG: meta group m = g / (block_size / desc_size) keeps its descriptors in
 *     the first block of its first group f = m × (block_size / desc_size), after that group's
 *     superblock backup if it has one: block s_first_data_block + f × s_blocks_per_group (+1)
 *   inode n: group (n − 1) / s_inodes_per_group, index (n − 1) % s_inodes_per_group, at
 *     bg_inode_table × block_size + index × s_inode_size
 */
using System.Globalization;

namespace Portabled.Dissect.FileSystems.Ext4;

public sealed partial class Ext4FileSystem
{
    private readonly Dictionary<long, Ext4GroupDescriptor> _groups = [];

    /// <summary>Reads and validates inode <paramref name="ino"/>.</summary>
    internal Ext4Inode ReadInode(uint ino)
    {
        if (ino == 0 || ino > _sb.InodesCount)
        {
            throw new InvalidImageException(ImagePath, $"inode number {ino} is outside 1..{_sb.InodesCount}");
        }

        (long block, int within) = LocateInode(ino);
        byte[] data = _cache.Get(block, "inode table");
        return Ext4Inode.Parse(data.AsSpan(within, _sb.InodeSize), ino, _sb, ImagePath,
            checked(_region.Offset + (block * _sb.BlockSize) + within));
    }

    /// <summary>The block holding inode <paramref name="ino"/> and the inode's offset in it.</summary>
    internal (long Block, int Within) LocateInode(uint ino)
    {
        long group = (ino - 1) / _sb.InodesPerGroup;
        long index = (ino - 1) % _sb.InodesPerGroup;
        Ext4GroupDescriptor gd = GetGroupDescriptor(group);
        long tableBlocks = checked(((long)_sb.InodesPerGroup * _sb.InodeSize + _sb.BlockSize - 1) / _sb.BlockSize);
        if (gd.InodeTable <= _sb.FirstDataBlock || gd.InodeTable > _sb.BlocksCount - tableBlocks)
        {
            throw new InvalidImageException(ImagePath, string.Create(CultureInfo.InvariantCulture,
                $"{nameof(Ext4GroupDescriptor)}: inode table of group {group} at block {gd.InodeTable} ({tableBlocks} blocks) lies outside the {_sb.BlocksCount}-block file system"));
        }

        long byteInTable = index * _sb.InodeSize;
        return (gd.InodeTable + (byteInTable / _sb.BlockSize), (int)(byteInTable % _sb.BlockSize));
    }

    private Ext4GroupDescriptor GetGroupDescriptor(long group)
    {
        lock (_groups)
        {
            if (_groups.TryGetValue(group, out Ext4GroupDescriptor cached))
            {
                return cached;
            }
        }

        (long block, int within) = LocateGroupDescriptor(group);
        byte[] data = _cache.Get(block, nameof(Ext4GroupDescriptor));
        Ext4GroupDescriptor gd = Ext4GroupDescriptor.Parse(data.AsSpan(within, _sb.DescSize), _sb, group, ImagePath,
            checked(_region.Offset + (block * _sb.BlockSize) + within));
        lock (_groups)
        {
            _groups[group] = gd;
        }

        return gd;
    }

    private (long Block, int Within) LocateGroupDescriptor(long group)
    {
        int perBlock = _sb.BlockSize / _sb.DescSize;
        long metaGroup = group / perBlock;
        if (!_sb.HasMetaBg || metaGroup < _sb.FirstMetaBg)
        {
            long byteOffset = checked(((_sb.FirstDataBlock + 1L) * _sb.BlockSize) + (group * _sb.DescSize));
            return (byteOffset / _sb.BlockSize, (int)(byteOffset % _sb.BlockSize));
        }

        long firstGroup = metaGroup * perBlock;
        long block = checked(_sb.FirstDataBlock + (firstGroup * _sb.BlocksPerGroup) + (_sb.GroupHasSuperBlock(firstGroup) ? 1 : 0));
        return (block, (int)(group % perBlock * _sb.DescSize));
    }
}
