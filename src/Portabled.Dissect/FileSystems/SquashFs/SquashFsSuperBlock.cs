// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using L = Portabled.Dissect.FileSystems.SquashFs.SquashFsLayout;

namespace Portabled.Dissect.FileSystems.SquashFs;

/*
 * squashfs 4.0 superblock: 96 bytes at byte 0, little-endian (docs/image-readers.md, squashfs "On-disk format").
 *
 *   0 u32 s_magic "hsqs"        4 u32 inodes                8 u32 mkfs_time
 *  12 u32 block_size           16 u32 fragments            20 u16 compression
 *  22 u16 block_log            24 u16 flags                26 u16 no_ids
 *  28 u16 s_major (4)          30 u16 s_minor (0)          32 u64 root_inode
 *  40 u64 bytes_used           48 u64 id_table_start       56 u64 xattr_id_table_start
 *  64 u64 inode_table_start    72 u64 directory_table_start
 *  80 u64 fragment_table_start 88 u64 lookup_table_start
 *
 * Layout written by mksquashfs: superblock, compressor options, data and fragment blocks, inode
 * table, directory table, fragment table, export table, id table, xattr tables.
 */

/// <summary>The validated squashfs 4.0 superblock.</summary>
public sealed class SquashFsSuperBlock
{
    private SquashFsSuperBlock()
    {
    }

    /// <summary>Number of inodes; inode numbers lie in [1, <see cref="InodeCount"/>].</summary>
    public uint InodeCount { get; private init; }

    /// <summary>Creation time, seconds since the epoch.</summary>
    public uint ModificationTime { get; private init; }

    /// <summary>Data block size: a power of two in [4 KiB, 1 MiB].</summary>
    public int BlockSize { get; private init; }

    /// <summary>Number of fragment table entries.</summary>
    public uint FragmentCount { get; private init; }

    /// <summary>Compressor of every compressed block.</summary>
    public SquashFsCompression Compression { get; private init; }

    /// <summary>The superblock flags (NOI, NOD, NOF, NO_FRAG, ALWAYS_FRAG, DUPLICATES, EXPORT, COMP_OPT, …).</summary>
    public ushort Flags { get; private init; }

    /// <summary>Number of entries in the uid/gid table.</summary>
    public ushort IdCount { get; private init; }

    /// <summary>Inode reference of the root directory.</summary>
    public ulong RootInode { get; private init; }

    /// <summary>Bytes of the image the file system uses (the image may be padded after it).</summary>
    public long BytesUsed { get; private init; }

    /// <summary>Start of the id table's pointer array.</summary>
    public long IdTableStart { get; private init; }

    /// <summary>Start of the inode table.</summary>
    public long InodeTableStart { get; private init; }

    /// <summary>Start of the directory table.</summary>
    public long DirectoryTableStart { get; private init; }

    /// <summary>Start of the fragment table's pointer array (meaningful when <see cref="FragmentCount"/> &gt; 0).</summary>
    public long FragmentTableStart { get; private init; }

    /// <summary>Start of the export table's pointer array, or -1 when absent (not used by the reader).</summary>
    public long ExportTableStart { get; private init; }

    /// <summary>Start of the xattr id table, or -1 when absent (not used by the reader).</summary>
    public long XattrIdTableStart { get; private init; }

    /// <summary>Whether a compressor options metadata block follows the superblock.</summary>
    public bool HasCompressorOptions => (Flags & L.FlagCompressorOptions) != 0;

    /// <summary>Reads and validates the superblock at the start of <paramref name="region"/>.</summary>
    public static SquashFsSuperBlock Read(ImageRegion region)
    {
        Span<byte> b = stackalloc byte[L.SuperBlockSize];
        if (region.Length < L.SuperBlockSize)
        {
            throw Invalid(region, 0, $"the {region.Length}-byte region is smaller than the superblock");
        }

        region.ReadExactly(0, b, nameof(SquashFsSuperBlock));
        if (BinaryPrimitives.ReadUInt32LittleEndian(b[L.SuperBlockMagic..]) != L.Magic)
        {
            throw Invalid(region, L.SuperBlockMagic, "bad magic");
        }

        ushort major = BinaryPrimitives.ReadUInt16LittleEndian(b[L.SuperBlockVersionMajor..]);
        ushort minor = BinaryPrimitives.ReadUInt16LittleEndian(b[L.SuperBlockVersionMinor..]);
        if (major != 4 || minor != 0)
        {
            throw new UnsupportedImageException(region.ImagePath, string.Create(CultureInfo.InvariantCulture,
                $"squashfs version {major}.{minor} is not supported (only 4.0)"));
        }

        var sb = new SquashFsSuperBlock
        {
            InodeCount = BinaryPrimitives.ReadUInt32LittleEndian(b[L.SuperBlockInodeCount..]),
            ModificationTime = BinaryPrimitives.ReadUInt32LittleEndian(b[L.SuperBlockModificationTime..]),
            BlockSize = ReadBlockSize(region, b),
            FragmentCount = BinaryPrimitives.ReadUInt32LittleEndian(b[L.SuperBlockFragmentCount..]),
            Compression = ReadCompression(region, b),
            Flags = BinaryPrimitives.ReadUInt16LittleEndian(b[L.SuperBlockFlags..]),
            IdCount = BinaryPrimitives.ReadUInt16LittleEndian(b[L.SuperBlockIdCount..]),
            RootInode = BinaryPrimitives.ReadUInt64LittleEndian(b[L.SuperBlockRootInode..]),
            BytesUsed = ReadOffset(region, b, L.SuperBlockBytesUsed, "bytes_used"),
            IdTableStart = ReadOffset(region, b, L.SuperBlockIdTableStart, "id_table_start"),
            InodeTableStart = ReadOffset(region, b, L.SuperBlockInodeTableStart, "inode_table_start"),
            DirectoryTableStart = ReadOffset(region, b, L.SuperBlockDirectoryTableStart, "directory_table_start"),
            FragmentTableStart = ReadOffset(region, b, L.SuperBlockFragmentTableStart, "fragment_table_start"),
            ExportTableStart = ReadOptionalOffset(region, b, L.SuperBlockExportTableStart, "lookup_table_start"),
            XattrIdTableStart = ReadOptionalOffset(region, b, L.SuperBlockXattrIdTableStart, "xattr_id_table_start"),
        };
        sb.Validate(region);
        return sb;
    }

    private void Validate(ImageRegion region)
    {
        if (BytesUsed < L.SuperBlockSize || BytesUsed > region.Length)
        {
            throw Invalid(region, L.SuperBlockBytesUsed, $"bytes_used {BytesUsed} lies outside the {region.Length}-byte region (truncated image?)");
        }

        if (InodeCount == 0)
        {
            throw Invalid(region, L.SuperBlockInodeCount, "no inodes");
        }

        if (IdCount == 0)
        {
            throw Invalid(region, L.SuperBlockIdCount, "empty uid/gid table");
        }

        // Tables follow the data in this order; the inode table is never empty (it holds the root).
        if (InodeTableStart < L.SuperBlockSize || InodeTableStart >= DirectoryTableStart || DirectoryTableStart > BytesUsed)
        {
            throw Invalid(region, L.SuperBlockInodeTableStart,
                $"inode table at {InodeTableStart} and directory table at {DirectoryTableStart} are out of order or beyond bytes_used {BytesUsed}");
        }

        CheckPointerArray(region, IdTableStart, IdCount, L.IdEntrySize, L.SuperBlockIdTableStart, "id table");
        if (FragmentCount > 0)
        {
            CheckPointerArray(region, FragmentTableStart, FragmentCount, L.FragmentEntrySize, L.SuperBlockFragmentTableStart, "fragment table");
        }

        if ((RootInode >> 16) >= (ulong)(DirectoryTableStart - InodeTableStart) || (RootInode & 0xFFFF) >= L.MetadataBlockSize)
        {
            throw Invalid(region, L.SuperBlockRootInode, $"root inode reference 0x{RootInode:x} lies outside the inode table");
        }
    }

    private void CheckPointerArray(ImageRegion region, long start, uint entries, int entrySize, int field, string table)
    {
        long blocks = ((long)entries * entrySize + L.MetadataBlockSize - 1) / L.MetadataBlockSize;
        long size = blocks * L.TablePointerSize;
        if (start < DirectoryTableStart || start > BytesUsed || size > BytesUsed - start)
        {
            throw Invalid(region, field, $"{table} index of {size} bytes at {start} lies outside [directory_table_start, bytes_used)");
        }
    }

    private static int ReadBlockSize(ImageRegion region, ReadOnlySpan<byte> b)
    {
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(b[L.SuperBlockBlockSize..]);
        ushort log = BinaryPrimitives.ReadUInt16LittleEndian(b[L.SuperBlockBlockLog..]);
        if (size < SquashFsLimits.MinBlockSize || size > SquashFsLimits.MaxBlockSize || !BitOperations.IsPow2(size))
        {
            throw Invalid(region, L.SuperBlockBlockSize, $"block_size {size} is not a power of two between 4 KiB and 1 MiB");
        }

        if (log != BitOperations.Log2(size))
        {
            throw Invalid(region, L.SuperBlockBlockLog, $"block_log {log} does not match block_size {size}");
        }

        return (int)size;
    }

    private static SquashFsCompression ReadCompression(ImageRegion region, ReadOnlySpan<byte> b)
    {
        ushort id = BinaryPrimitives.ReadUInt16LittleEndian(b[L.SuperBlockCompression..]);
        if (id is < (ushort)SquashFsCompression.Gzip or > (ushort)SquashFsCompression.Zstd)
        {
            throw new UnsupportedImageException(region.ImagePath, string.Create(CultureInfo.InvariantCulture,
                $"squashfs compressor id {id} is unknown"));
        }

        return (SquashFsCompression)id;
    }

    private static long ReadOffset(ImageRegion region, ReadOnlySpan<byte> b, int field, string name)
    {
        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(b[field..]);
        if (value > (ulong)region.Length)
        {
            throw Invalid(region, field, $"{name} {value} lies beyond the end of the {region.Length}-byte region");
        }

        return (long)value;
    }

    private static long ReadOptionalOffset(ImageRegion region, ReadOnlySpan<byte> b, int field, string name) =>
        BinaryPrimitives.ReadUInt64LittleEndian(b[field..]) == L.TableAbsent ? -1 : ReadOffset(region, b, field, name);

    private static InvalidImageException Invalid(ImageRegion region, int field, string problem) =>
        new(region.ImagePath, nameof(SquashFsSuperBlock), region.Offset + field, problem);
}
