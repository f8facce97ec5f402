// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers;
using System.Buffers.Binary;
using L = Portabled.Dissect.FileSystems.SquashFs.SquashFsLayout;

namespace Portabled.Dissect.FileSystems.SquashFs;

/*
 * File data (docs/image-readers.md, squashfs "On-disk format", "Block list", "Tail end"). Data blocks are stored back to back
 * from the inode's start_block; each block-list entry is a u32 size field:
 *   bits 0-23  on-disk size (≤ block_size; 0 = a hole of zeros, nothing stored)
 *   bit 24     stored uncompressed
 *   bits 25-31 must be zero
 * Every block except the last (when there is no fragment) decompresses to exactly block_size
 * bytes; the last to the rest of the file. The tail end (file_size % block_size) lives at
 * offset in the decompressed fragment block, when the inode names a fragment.
 */
public sealed partial class SquashFsFileSystem
{
    private const string DataStructure = "SquashFsDataBlock";
    private const string FragmentStructure = "SquashFsFragmentBlock";
    private const int BlockListChunk = 1024;

    /// <summary>Reads and validates <paramref name="node"/>'s block list; every block must lie inside bytes_used.</summary>
    private SquashFsBlockList ReadBlockList(SquashFsNode node)
    {
        int count = node.BlockCount;
        uint[] sizes = new uint[count];
        long[] checkpoints = new long[((count + SquashFsBlockList.CheckpointInterval - 1) / SquashFsBlockList.CheckpointInterval) + 1];
        var cursor = new SquashFsMetadataCursor(this, node.BlockListBlock, SuperBlock.DirectoryTableStart, node.BlockListOffset, InodeStructure);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(BlockListChunk * sizeof(uint));
        try
        {
            long position = node.DataStart;
            for (int first = 0; first < count; first += BlockListChunk)
            {
                int n = Math.Min(BlockListChunk, count - first);
                cursor.Read(chunk.AsSpan(0, n * sizeof(uint)));
                for (int i = 0; i < n; i++)
                {
                    int index = first + i;
                    uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunk.AsSpan(i * sizeof(uint)));
                    uint length = size & L.DataSizeMask;
                    if ((size & L.DataReservedMask) != 0 || length > SuperBlock.BlockSize || (length == 0 && size != 0))
                    {
                        throw Invalid(InodeStructure, cursor.BlockPosition,
                            $"inode 0x{node.InodeReference:x}: block {index} has an invalid size field 0x{size:x} (block size {SuperBlock.BlockSize})");
                    }

                    if (index % SquashFsBlockList.CheckpointInterval == 0)
                    {
                        checkpoints[index / SquashFsBlockList.CheckpointInterval] = position;
                    }

                    sizes[index] = size;
                    position += length;
                    if (position > _region.Length)
                    {
                        throw Invalid(InodeStructure, cursor.BlockPosition,
                            $"inode 0x{node.InodeReference:x}: data blocks run past bytes_used {_region.Length}");
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return new SquashFsBlockList(sizes, checkpoints);
    }

    /// <summary>
    /// Reads data block <paramref name="index"/> into <paramref name="destination"/>, whose length is
    /// exactly what the block must decompress to.
    /// </summary>
    internal void ReadDataBlock(SquashFsBlockList blocks, int index, Span<byte> destination)
    {
        uint size = blocks.SizeField(index);
        int length = (int)(size & L.DataSizeMask);
        if (length == 0)
        {
            destination.Clear();
            return;
        }

        long position = blocks.PositionOf(index);
        if ((size & L.DataUncompressed) != 0)
        {
            if (length != destination.Length)
            {
                throw Invalid(DataStructure, position, $"uncompressed block holds {length} bytes, {destination.Length} expected");
            }

            _region.ReadExactly(position, destination, DataStructure);
            return;
        }

        byte[] source = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            _region.ReadExactly(position, source.AsSpan(0, length), DataStructure);
            int n = Decompress(source.AsSpan(0, length), destination, DataStructure, position);
            if (n != destination.Length)
            {
                throw Invalid(DataStructure, position, $"block decompresses to {n} bytes, {destination.Length} expected");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(source);
        }
    }

    /// <summary>Copies <paramref name="node"/>'s tail end from its fragment block into <paramref name="destination"/>.</summary>
    internal void ReadTailEnd(SquashFsNode node, Span<byte> destination)
    {
        SquashFsBlock fragment = ReadFragmentBlock(node.FragmentIndex);
        if (node.FragmentOffset > fragment.Length || destination.Length > fragment.Length - node.FragmentOffset)
        {
            throw Invalid(InodeStructure, SuperBlock.InodeTableStart,
                $"inode 0x{node.InodeReference:x}: tail end of {destination.Length} bytes at {node.FragmentOffset} lies outside the {fragment.Length}-byte fragment {node.FragmentIndex}");
        }

        fragment.Span.Slice((int)node.FragmentOffset, destination.Length).CopyTo(destination);
    }

    private SquashFsBlock ReadFragmentBlock(uint index)
    {
        (long start, uint size) = ReadFragmentEntry(index);
        return _fragmentCache.GetOrAdd(start, (FileSystem: this, Start: start, Size: size),
            static s => s.FileSystem.LoadFragmentBlock(s.Start, s.Size));
    }

    private SquashFsBlock LoadFragmentBlock(long start, uint size)
    {
        int length = (int)(size & L.DataSizeMask);
        byte[] data = new byte[SuperBlock.BlockSize];
        int n;
        if ((size & L.DataUncompressed) != 0)
        {
            _region.ReadExactly(start, data.AsSpan(0, length), FragmentStructure);
            n = length;
        }
        else
        {
            byte[] source = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                _region.ReadExactly(start, source.AsSpan(0, length), FragmentStructure);
                n = Decompress(source.AsSpan(0, length), data, FragmentStructure, start);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(source);
            }
        }

        return new SquashFsBlock(data, n, length);
    }
}
