// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Legacy block maps (disk layout "Direct/Indirect Block Addressing"), used when EXTENTS_FL is clear:
 * i_block holds 15 little-endian u32 block numbers:
 *   [0..11] direct blocks for logical blocks 0..11
 *   [12]    single indirect: a block of block_size / 4 pointers
 *   [13]    double indirect: pointers to single indirect blocks
 *   [14]    triple indirect: pointers to double indirect blocks
 * A pointer of 0 at any level is a hole.
 */
using System.Buffers.Binary;

namespace Portabled.Dissect.FileSystems.Ext4;

public sealed partial class Ext4FileSystem
{
    /// <summary>Maps <paramref name="logical"/> to a run of physical blocks through the extent tree or the block map.</summary>
    internal Ext4BlockRun MapBlock(Ext4Inode inode, long logical)
    {
        Ext4BlockRun run = inode.HasExtents ? MapExtent(inode, logical) : MapIndirect(inode, logical);
        return run.Length > 0 ? run : new Ext4BlockRun(0, 1);
    }

    /// <summary>Rejects a size whose blocks could not all be numbered (logical block numbers are 32-bit).</summary>
    private void CheckMappableSize(Ext4Inode inode)
    {
        if (inode.Size > MaxLogicalBlocks * _sb.BlockSize)
        {
            throw new InvalidImageException(ImagePath, $"inode {inode.Number} claims {inode.Size} bytes, more than 2^32 blocks");
        }
    }

    private Ext4BlockRun MapIndirect(Ext4Inode inode, long logical)
    {
        ReadOnlySpan<byte> iblock = inode.Block;
        if (logical < Ext4Layout.DirectBlocks)
        {
            return RunInPointers(iblock[..(Ext4Layout.DirectBlocks * 4)], (int)logical, inode);
        }

        long perBlock = _sb.BlockSize / 4;
        long offset = logical - Ext4Layout.DirectBlocks;
        long span = perBlock;
        for (int level = 1; level <= 3; level++)
        {
            if (offset < span)
            {
                long top = BinaryPrimitives.ReadUInt32LittleEndian(iblock[((Ext4Layout.SingleIndirectIndex + level - 1) * 4)..]);
                return WalkIndirect(inode, top, level, offset, span / perBlock);
            }

            offset -= span;
            span *= perBlock;
        }

        // Beyond what the triple indirect block reaches: nothing can be stored there.
        return new Ext4BlockRun(0, 1);
    }

    /// <summary>
    /// Descends <paramref name="levels"/> levels of indirect blocks from <paramref name="block"/>;
    /// <paramref name="childSpan"/> is how many logical blocks one pointer of the top block covers.
    /// The loop is bounded by <paramref name="levels"/> (at most 3), so a self-referencing block cannot recurse.
    /// </summary>
    private Ext4BlockRun WalkIndirect(Ext4Inode inode, long block, int levels, long offset, long childSpan)
    {
        long perBlock = _sb.BlockSize / 4;
        for (int level = levels; level >= 1; level--)
        {
            if (block == 0)
            {
                // A missing indirect block: its whole subtree is a hole.
                return new Ext4BlockRun(0, (childSpan * perBlock) - offset);
            }

            CheckDataBlock(inode, block, "indirect block");
            byte[] pointers = _cache.Get(block, "indirect block");
            int index = (int)(offset / childSpan);
            offset %= childSpan;
            if (level == 1)
            {
                return RunInPointers(pointers, index, inode);
            }

            block = BinaryPrimitives.ReadUInt32LittleEndian(pointers.AsSpan(index * 4));
            childSpan /= perBlock;
        }

        throw new System.Diagnostics.UnreachableException("indirect levels exhausted");
    }

    /// <summary>The run starting at pointer <paramref name="index"/>: consecutive holes, or consecutive physical blocks.</summary>
    private Ext4BlockRun RunInPointers(ReadOnlySpan<byte> pointers, int index, Ext4Inode inode)
    {
        int count = pointers.Length / 4;
        long first = BinaryPrimitives.ReadUInt32LittleEndian(pointers[(index * 4)..]);
        if (first != 0)
        {
            CheckDataBlock(inode, first, "data block");
        }

        int run = 1;
        while (index + run < count)
        {
            long next = BinaryPrimitives.ReadUInt32LittleEndian(pointers[((index + run) * 4)..]);
            bool continues = first == 0 ? next == 0 : next == first + run && next < _sb.BlocksCount;
            if (!continues)
            {
                break;
            }

            run++;
        }

        return new Ext4BlockRun(first, run);
    }

    private void CheckDataBlock(Ext4Inode inode, long block, string what)
    {
        if (block <= _sb.FirstDataBlock || block >= _sb.BlocksCount)
        {
            throw new InvalidImageException(ImagePath, $"block map of inode {inode.Number}: {what} {block} lies outside the file system");
        }
    }
}
