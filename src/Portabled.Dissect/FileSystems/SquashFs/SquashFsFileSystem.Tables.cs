// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using Portabled.Dissect.Compression;
using L = Portabled.Dissect.FileSystems.SquashFs.SquashFsLayout;

namespace Portabled.Dissect.FileSystems.SquashFs;

/*
 * Superblock-level tables (docs/image-readers.md, squashfs "On-disk format"):
 *   compressor options  one metadata block right after the superblock (flag COMP_OPT);
 *                       lz4: version u32 (must be 1), flags u32; the others need no options to decode
 *   id table            u64 pointers at id_table_start → metadata blocks of u32 ids (2048 per block)
 *   fragment table      u64 pointers at fragment_table_start → metadata blocks of 16-byte entries
 *                       (512 per block): start u64, size u32 (bit 24: uncompressed), unused u32
 *   export/xattr tables not read; their positions only bound the directory table.
 * A table's metadata blocks are written before its pointer array, after the directory table.
 */
public sealed partial class SquashFsFileSystem
{
    private const int IdsPerBlock = L.MetadataBlockSize / L.IdEntrySize;
    private const int FragmentsPerBlock = L.MetadataBlockSize / L.FragmentEntrySize;
    private const uint Lz4LegacyVersion = 1;

    private static IDecompressor CreateDecompressor(SquashFsCompression compression, string image)
    {
        switch (compression)
        {
            case SquashFsCompression.Gzip:
                return new ZlibDecompressor();
            case SquashFsCompression.Lzma:
                NativeCodecLibrary.EnsureAvailable(NativeCodecLibrary.Lzma, "lzma", image);
                return new LzmaAloneDecompressor();
            case SquashFsCompression.Lzo:
                // liblzo2 when installed (lzo1x_decompress_safe); otherwise the managed decoder.
                return NativeCodecLibrary.IsAvailable(NativeCodecLibrary.Lzo2) ? new LzoDecompressor() : new Lzo1xDecompressor();
            case SquashFsCompression.Xz:
                NativeCodecLibrary.EnsureAvailable(NativeCodecLibrary.Lzma, "xz", image);
                return new XzDecompressor();
            case SquashFsCompression.Lz4:
                NativeCodecLibrary.EnsureAvailable(NativeCodecLibrary.Lz4, "lz4", image);
                return new Lz4Decompressor();
            case SquashFsCompression.Zstd:
                NativeCodecLibrary.EnsureAvailable(NativeCodecLibrary.Zstd, "zstd", image);
                return new ZstdDecompressor();
            default:
                throw new UnsupportedImageException(image, $"squashfs compressor {compression} is not supported");
        }
    }

    private void CheckCompressorOptions()
    {
        if (!SuperBlock.HasCompressorOptions)
        {
            return;
        }

        SquashFsBlock options = ReadMetadataBlock(L.SuperBlockSize, SuperBlock.InodeTableStart, "SquashFsCompressorOptions");
        if (SuperBlock.Compression == SquashFsCompression.Lz4)
        {
            // Only the legacy LZ4 block format (version 1) exists; the HC flag only concerns the compressor.
            if (options.Length < 8 || BinaryPrimitives.ReadUInt32LittleEndian(options.Span) != Lz4LegacyVersion)
            {
                throw new UnsupportedImageException(ImagePath, "squashfs lz4 options name an unknown lz4 format version");
            }
        }
    }

    private uint[] ReadIdTable()
    {
        int count = SuperBlock.IdCount;
        uint[] ids = new uint[count];
        for (int first = 0, b = 0; first < count; first += IdsPerBlock, b++)
        {
            long pointer = ReadTablePointer(SuperBlock.IdTableStart, b, "SquashFsIdTable");
            SquashFsBlock block = ReadMetadataBlock(pointer, SuperBlock.IdTableStart, "SquashFsIdTable");
            int n = Math.Min(IdsPerBlock, count - first);
            if (block.Length < n * L.IdEntrySize)
            {
                throw Invalid("SquashFsIdTable", pointer, $"metadata block holds {block.Length} bytes, {n * L.IdEntrySize} needed");
            }

            for (int i = 0; i < n; i++)
            {
                ids[first + i] = BinaryPrimitives.ReadUInt32LittleEndian(block.Span[(i * L.IdEntrySize)..]);
            }
        }

        return ids;
    }

    /// <summary>
    /// The end of the directory table: the first table structure after its start (fragment, export
    /// and id metadata blocks or pointer arrays, xattr table), else bytes_used.
    /// </summary>
    private long FindDirectoryTableEnd()
    {
        long start = SuperBlock.DirectoryTableStart;
        long end = SuperBlock.BytesUsed;

        void Consider(long position)
        {
            if (position >= start && position < end)
            {
                end = position;
            }
        }

        Consider(SuperBlock.IdTableStart);
        Consider(ReadTablePointer(SuperBlock.IdTableStart, 0, "SquashFsIdTable"));
        if (SuperBlock.FragmentCount > 0)
        {
            Consider(SuperBlock.FragmentTableStart);
            Consider(ReadTablePointer(SuperBlock.FragmentTableStart, 0, "SquashFsFragmentTable"));
        }

        Consider(SuperBlock.XattrIdTableStart);
        if (SuperBlock.ExportTableStart >= start && SuperBlock.ExportTableStart <= end - L.TablePointerSize)
        {
            Consider(SuperBlock.ExportTableStart);
            Span<byte> p = stackalloc byte[L.TablePointerSize];
            _region.ReadExactly(SuperBlock.ExportTableStart, p, "SquashFsExportTable");
            ulong pointer = BinaryPrimitives.ReadUInt64LittleEndian(p);
            Consider(pointer > long.MaxValue ? -1 : (long)pointer);
        }

        return end;
    }

    /// <summary>Pointer <paramref name="index"/> of a table's array; it must point between the directory table and the array.</summary>
    private long ReadTablePointer(long tableStart, long index, string structure)
    {
        long position = checked(tableStart + (index * L.TablePointerSize));
        Span<byte> p = stackalloc byte[L.TablePointerSize];
        _region.ReadExactly(position, p, structure);
        ulong pointer = BinaryPrimitives.ReadUInt64LittleEndian(p);
        if (pointer < (ulong)SuperBlock.DirectoryTableStart || pointer >= (ulong)tableStart)
        {
            throw Invalid(structure, position, $"metadata block pointer {pointer} lies outside [{SuperBlock.DirectoryTableStart}, {tableStart})");
        }

        return (long)pointer;
    }

    /// <summary>Fragment entry <paramref name="index"/>: the block's position and its size field (bit 24: uncompressed).</summary>
    private (long Start, uint Size) ReadFragmentEntry(uint index)
    {
        const string Structure = "SquashFsFragmentTable";
        if (index >= SuperBlock.FragmentCount)
        {
            throw Invalid(Structure, SuperBlock.FragmentTableStart, $"fragment index {index} is beyond the {SuperBlock.FragmentCount} fragments");
        }

        long pointer = ReadTablePointer(SuperBlock.FragmentTableStart, index / FragmentsPerBlock, Structure);
        SquashFsBlock block = ReadMetadataBlock(pointer, SuperBlock.FragmentTableStart, Structure);
        int offset = (int)(index % FragmentsPerBlock) * L.FragmentEntrySize;
        if (offset > block.Length - L.FragmentEntrySize)
        {
            throw Invalid(Structure, pointer, $"fragment entry {index} lies beyond the {block.Length}-byte metadata block");
        }

        ReadOnlySpan<byte> entry = block.Span.Slice(offset, L.FragmentEntrySize);
        ulong start = BinaryPrimitives.ReadUInt64LittleEndian(entry[L.FragmentStart..]);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(entry[L.FragmentSize..]);
        uint length = size & L.DataSizeMask;
        if ((size & L.DataReservedMask) != 0 || length == 0 || length > SuperBlock.BlockSize)
        {
            throw Invalid(Structure, pointer, $"fragment {index} has an invalid size field 0x{size:x}");
        }

        if (start < L.SuperBlockSize || length > _region.Length || start > (ulong)(_region.Length - length))
        {
            throw Invalid(Structure, pointer, $"fragment {index} at {start} ({length} bytes) lies outside the image");
        }

        return ((long)start, size);
    }

    /// <summary>uid or gid number <paramref name="index"/> of the id table.</summary>
    private uint GetId(ushort index, long inodePosition)
    {
        if (index >= _ids.Length)
        {
            throw Invalid("SquashFsInode", inodePosition, $"id index {index} is beyond the {_ids.Length}-entry id table");
        }

        return _ids[index];
    }
}
