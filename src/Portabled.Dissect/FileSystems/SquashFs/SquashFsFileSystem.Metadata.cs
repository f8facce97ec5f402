// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers;
using System.Buffers.Binary;
using Portabled.Dissect.Compression;
using L = Portabled.Dissect.FileSystems.SquashFs.SquashFsLayout;

namespace Portabled.Dissect.FileSystems.SquashFs;

/*
 * Metadata blocks (docs/image-readers.md, squashfs "On-disk format", "Metadata blocks"): a u16 header, then the payload.
 *   header & 0x7FFF  on-disk payload length, 1 … 8192
 *   header & 0x8000  set: payload stored uncompressed
 * The payload decompresses to at most 8192 bytes; a table continues in the next block, right after
 * this one. Blocks are cached decompressed (bounded LRU, SquashFsLimits.MetadataCacheBlocks).
 */
public sealed partial class SquashFsFileSystem
{
    /// <summary>
    /// Reads the metadata block at absolute <paramref name="position"/>; the whole block must end at
    /// or before <paramref name="limit"/> (the end of the table it belongs to).
    /// </summary>
    internal SquashFsBlock ReadMetadataBlock(long position, long limit, string structure)
    {
        if (position < L.SuperBlockSize || limit > _region.Length || position > limit - L.MetadataHeaderSize)
        {
            throw Invalid(structure, Math.Max(position, 0), $"metadata block lies outside its table, which ends at {limit}");
        }

        if (_metadataCache.TryGet(position, out SquashFsBlock cached))
        {
            if (cached.DiskLength > limit - position)
            {
                throw Invalid(structure, position, $"metadata block of {cached.DiskLength} bytes runs past the end of its table at {limit}");
            }

            return cached;
        }

        Span<byte> header = stackalloc byte[L.MetadataHeaderSize];
        _region.ReadExactly(position, header, structure);
        ushort h = BinaryPrimitives.ReadUInt16LittleEndian(header);
        int length = h & L.MetadataLengthMask;
        bool compressed = (h & L.MetadataUncompressed) == 0;
        if (length == 0 || length > L.MetadataBlockSize)
        {
            throw Invalid(structure, position, $"metadata block length {length} is not in 1…{L.MetadataBlockSize}");
        }

        if (length > limit - position - L.MetadataHeaderSize)
        {
            throw Invalid(structure, position, $"metadata block of {length} bytes runs past the end of its table at {limit}");
        }

        long payload = position + L.MetadataHeaderSize;
        SquashFsBlock block = compressed
            ? ReadCompressedMetadata(payload, length, structure)
            : ReadStoredMetadata(payload, length, structure);
        block = block with { DiskLength = L.MetadataHeaderSize + length };
        _metadataCache.Add(position, block);
        return block;
    }

    private SquashFsBlock ReadStoredMetadata(long payload, int length, string structure)
    {
        byte[] data = new byte[length];
        _region.ReadExactly(payload, data, structure);
        return new SquashFsBlock(data, length, 0);
    }

    private SquashFsBlock ReadCompressedMetadata(long payload, int length, string structure)
    {
        byte[] source = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            _region.ReadExactly(payload, source.AsSpan(0, length), structure);
            byte[] data = new byte[L.MetadataBlockSize];
            int n = Decompress(source.AsSpan(0, length), data, structure, payload);
            if (n == 0)
            {
                throw Invalid(structure, payload, "metadata block decompresses to nothing");
            }

            return new SquashFsBlock(data, n, 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(source);
        }
    }

    /// <summary>Decompresses one block; corrupt data becomes an <see cref="InvalidImageException"/> at <paramref name="position"/>.</summary>
    internal int Decompress(ReadOnlySpan<byte> source, Span<byte> destination, string structure, long position)
    {
        try
        {
            return _decompressor.Decompress(source, destination);
        }
        catch (DecompressionException e)
        {
            throw Invalid(structure, position, e.Message);
        }
    }

    /// <summary>A cursor over the inode table, at inode reference <paramref name="reference"/>.</summary>
    private SquashFsMetadataCursor InodeCursor(ulong reference, string structure)
    {
        ulong block = reference >> 16;
        int offset = (int)(reference & 0xFFFF);
        long tableSize = SuperBlock.DirectoryTableStart - SuperBlock.InodeTableStart;
        if (block >= (ulong)tableSize || offset >= L.MetadataBlockSize)
        {
            throw Invalid(structure, SuperBlock.InodeTableStart, $"inode reference 0x{reference:x} lies outside the {tableSize}-byte inode table");
        }

        return new SquashFsMetadataCursor(this, SuperBlock.InodeTableStart + (long)block, SuperBlock.DirectoryTableStart, offset, structure);
    }
}
