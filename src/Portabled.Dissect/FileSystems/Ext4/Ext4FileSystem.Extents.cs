// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Extent trees (disk layout "Extent Tree"), rooted in i_block (60 bytes) when EXTENTS_FL is set;
 * every node is a 12-byte header followed by 12-byte entries, little-endian:
 *   header   0x00 eh_magic u16 (0xF30A)  0x02 eh_entries u16  0x04 eh_max u16  0x06 eh_depth u16  0x08 eh_generation u32
 *   index    0x00 ei_block u32 (first logical block covered)   0x04 ei_leaf_lo u32  0x08 ei_leaf_hi u16  0x0A unused u16
 *   leaf     0x00 ee_block u32  0x04 ee_len u16 (> 32768: unwritten, len − 32768)  0x06 ee_start_hi u16  0x08 ee_start_lo u32
 * Interior nodes are whole blocks (with a 4-byte checksum tail under metadata_csum, not verified).
 * Logical blocks covered by no extent are holes.
 */
using System.Buffers.Binary;
using System.Globalization;

namespace Portabled.Dissect.FileSystems.Ext4;

public sealed partial class Ext4FileSystem
{
    /// <summary>Deepest extent tree accepted (the kernel's own bound is 5).</summary>
    public const int MaxExtentDepth = 5;

    /// <summary>Logical block numbers are 32-bit in extents; nothing maps at or beyond 2^32.</summary>
    private const long MaxLogicalBlocks = 1L << 32;

    private Ext4BlockRun MapExtent(Ext4Inode inode, long logical)
    {
        ReadOnlySpan<byte> node = inode.Block;
        int depth = CheckExtentHeader(node, inode, expectedDepth: -1, "extent tree root");
        long upper = MaxLogicalBlocks;
        while (true)
        {
            int entries = BinaryPrimitives.ReadUInt16LittleEndian(node[Ext4Layout.EhEntries..]);
            if (depth == 0)
            {
                return MapInLeaf(node, entries, inode, logical, upper);
            }

            // Index node: the last entry starting at or before the block covers it.
            int chosen = -1;
            long previous = -1;
            for (int i = 0; i < entries; i++)
            {
                long first = BinaryPrimitives.ReadUInt32LittleEndian(node[(Ext4Layout.ExtentHeaderSize + (i * Ext4Layout.ExtentEntrySize))..]);
                if (first <= previous)
                {
                    throw BadExtent(inode, "index entries are not in ascending order");
                }

                previous = first;
                if (first <= logical)
                {
                    chosen = i;
                }
                else
                {
                    upper = Math.Min(upper, first);
                    break;
                }
            }

            if (chosen < 0)
            {
                return new Ext4BlockRun(0, upper - logical);
            }

            ReadOnlySpan<byte> entry = node.Slice(Ext4Layout.ExtentHeaderSize + (chosen * Ext4Layout.ExtentEntrySize), Ext4Layout.ExtentEntrySize);
            long child = BinaryPrimitives.ReadUInt32LittleEndian(entry[Ext4Layout.EiLeafLo..])
                | ((long)BinaryPrimitives.ReadUInt16LittleEndian(entry[Ext4Layout.EiLeafHi..]) << 32);
            if (child <= _sb.FirstDataBlock || child >= _sb.BlocksCount)
            {
                throw BadExtent(inode, $"index points at block {child}, outside the file system");
            }

            node = _cache.Get(child, "extent tree node");
            depth = CheckExtentHeader(node, inode, depth - 1, "extent tree node");
        }
    }

    private Ext4BlockRun MapInLeaf(ReadOnlySpan<byte> node, int entries, Ext4Inode inode, long logical, long upper)
    {
        long previousEnd = 0;
        for (int i = 0; i < entries; i++)
        {
            ReadOnlySpan<byte> e = node.Slice(Ext4Layout.ExtentHeaderSize + (i * Ext4Layout.ExtentEntrySize), Ext4Layout.ExtentEntrySize);
            long first = BinaryPrimitives.ReadUInt32LittleEndian(e[Ext4Layout.EeBlock..]);
            int rawLength = BinaryPrimitives.ReadUInt16LittleEndian(e[Ext4Layout.EeLen..]);
            bool unwritten = rawLength > Ext4Layout.ExtentInitMaxLen;
            long length = unwritten ? rawLength - Ext4Layout.ExtentInitMaxLen : rawLength;
            long start = BinaryPrimitives.ReadUInt32LittleEndian(e[Ext4Layout.EeStartLo..])
                | ((long)BinaryPrimitives.ReadUInt16LittleEndian(e[Ext4Layout.EeStartHi..]) << 32);
            if (length == 0 || first < previousEnd || first + length > MaxLogicalBlocks)
            {
                throw BadExtent(inode, $"extent {i} (logical {first}, {length} blocks) is empty, overlaps or runs past 2^32");
            }

            if (start <= _sb.FirstDataBlock || start > _sb.BlocksCount - length)
            {
                throw BadExtent(inode, $"extent {i} (blocks {start}..{start + length - 1}) lies outside the file system");
            }

            previousEnd = first + length;
            if (logical < first)
            {
                return new Ext4BlockRun(0, Math.Min(first, upper) - logical);
            }

            if (logical < first + length)
            {
                long skip = logical - first;
                return new Ext4BlockRun(unwritten ? 0 : start + skip, length - skip);
            }
        }

        return new Ext4BlockRun(0, Math.Max(upper - logical, 1));
    }

    /// <summary>Validates an extent node header and returns its depth; <paramref name="expectedDepth"/> is −1 for the root.</summary>
    private int CheckExtentHeader(ReadOnlySpan<byte> node, Ext4Inode inode, int expectedDepth, string what)
    {
        ushort magic = BinaryPrimitives.ReadUInt16LittleEndian(node[Ext4Layout.EhMagic..]);
        int entries = BinaryPrimitives.ReadUInt16LittleEndian(node[Ext4Layout.EhEntries..]);
        int max = BinaryPrimitives.ReadUInt16LittleEndian(node[Ext4Layout.EhMax..]);
        int depth = BinaryPrimitives.ReadUInt16LittleEndian(node[Ext4Layout.EhDepth..]);
        int capacity = (node.Length - Ext4Layout.ExtentHeaderSize) / Ext4Layout.ExtentEntrySize;
        if (magic != Ext4Layout.ExtentMagic)
        {
            throw BadExtent(inode, string.Create(CultureInfo.InvariantCulture, $"{what} has bad magic 0x{magic:x4}"));
        }

        if (max > capacity || entries > max)
        {
            throw BadExtent(inode, $"{what} claims {entries} entries of at most {max}, but only {capacity} fit");
        }

        if (depth > MaxExtentDepth || (expectedDepth >= 0 && depth != expectedDepth))
        {
            throw BadExtent(inode, $"{what} has depth {depth}, expected {(expectedDepth >= 0 ? expectedDepth : $"at most {MaxExtentDepth}")}");
        }

        if (depth > 0 && entries == 0)
        {
            throw BadExtent(inode, $"{what} is an index node without entries");
        }

        return depth;
    }

    private InvalidImageException BadExtent(Ext4Inode inode, string problem) =>
        new(ImagePath, $"extent tree of inode {inode.Number}: {problem}");
}
