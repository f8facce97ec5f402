// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Globalization;

namespace Portabled.Dissect.FileSystems.Erofs;

/*
 * On-disk layout read here (ErofsLayout), at meta_blkaddr × block size + nid × 32:
 *   erofs_inode_compact (32 bytes, i_format bit 0 = 0):
 *     0 i_format u16   2 i_xattr_icount u16   4 i_mode u16   6 i_nlink u16   8 i_size u32
 *    12 reserved u32  16 i_u u32   20 i_ino u32   24 i_uid u16   26 i_gid u16   28 reserved u32
 *   erofs_inode_extended (64 bytes, i_format bit 0 = 1):
 *     0 i_format u16   2 i_xattr_icount u16   4 i_mode u16   6 reserved u16   8 i_size u64
 *    16 i_u u32   20 i_ino u32   24 i_uid u32   28 i_gid u32   32 i_mtime u64   40 i_mtime_nsec u32
 *    44 i_nlink u32   48 reserved[16]
 *   i_format bits 1-3: data layout (0 FLAT_PLAIN, 1 COMPRESSED_FULL, 2 FLAT_INLINE,
 *   3 COMPRESSED_COMPACT, 4 CHUNK_BASED). The inline xattr area (12 + 4 × (icount − 1) bytes
 *   when icount > 0) follows the inode directly; inline data or indexes follow it.
 * Compact inodes carry no mtime: the superblock build time stands for it (as Linux does).
 */

/// <summary>One erofs inode, validated against the file system bounds.</summary>
internal sealed class ErofsInode
{
    /// <summary>The inode's nid.</summary>
    public required ulong Nid { get; init; }

    /// <summary>Byte position of the inode in the file system.</summary>
    public required long Position { get; init; }

    /// <summary>32 (compact) or 64 (extended).</summary>
    public required int InodeSize { get; init; }

    /// <summary>Size of the inline xattr area after the inode.</summary>
    public required int XattrSize { get; init; }

    /// <summary>Data layout (bits 1-3 of i_format).</summary>
    public required ErofsDataLayout Layout { get; init; }

    /// <summary>i_mode.</summary>
    public required int Mode { get; init; }

    /// <summary>The type from i_mode.</summary>
    public required FileType Type { get; init; }

    /// <summary>File size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>i_u: raw_blkaddr, rdev, chunk format or compressed block count, by layout and type.</summary>
    public required uint Union { get; init; }

    /// <summary>Owner.</summary>
    public required uint Uid { get; init; }

    /// <summary>Group.</summary>
    public required uint Gid { get; init; }

    /// <summary>Hard link count.</summary>
    public required uint LinkCount { get; init; }

    /// <summary>Modification time, seconds.</summary>
    public required long ModificationTimeSeconds { get; init; }

    /// <summary>Modification time, nanoseconds.</summary>
    public required uint ModificationTimeNanoseconds { get; init; }

    /// <summary>First byte after the inode and its inline xattrs (inline data, chunk map or map header).</summary>
    public long InlineOffset => Position + InodeSize + XattrSize;

    /// <summary>Reads the inode <paramref name="nid"/>; throws <see cref="InvalidImageException"/> when it is out of range or corrupt.</summary>
    public static ErofsInode Read(ImageRegion fs, ErofsSuperBlock sb, ulong nid)
    {
        long metaBase = (long)sb.MetaBlockAddress << sb.BlockSizeBits;
        long maxNid = (fs.Length - metaBase) / ErofsLayout.InodeSlotSize;
        if (nid >= (ulong)Math.Max(maxNid, 0))
        {
            throw new InvalidImageException(fs.ImagePath, "erofs inode", fs.Offset + metaBase, string.Create(CultureInfo.InvariantCulture,
                $"nid {nid} lies beyond the {fs.Length}-byte file system"));
        }

        long position = checked(metaBase + (long)nid * ErofsLayout.InodeSlotSize);
        Span<byte> raw = stackalloc byte[ErofsLayout.ExtendedInodeSize];
        fs.ReadExactly(position, raw[..ErofsLayout.CompactInodeSize], "erofs inode");
        ushort format = BinaryPrimitives.ReadUInt16LittleEndian(raw[ErofsLayout.InFormat..]);
        bool extended = (format & 1) != 0;
        if (extended)
        {
            fs.ReadExactly(position + ErofsLayout.CompactInodeSize, raw[ErofsLayout.CompactInodeSize..], "erofs extended inode");
        }

        return Parse(fs, sb, nid, position, format, extended, raw);
    }

    private static ErofsInode Parse(ImageRegion fs, ErofsSuperBlock sb, ulong nid, long position, ushort format, bool extended, ReadOnlySpan<byte> raw)
    {
        if ((format & ~0xF) != 0)
        {
            throw new UnsupportedImageException(fs.ImagePath, string.Create(CultureInfo.InvariantCulture,
                $"erofs inode {nid} uses unknown i_format bits 0x{format & ~0xF:X}"));
        }

        int layout = (format >> 1) & 0x7;
        if (layout > (int)ErofsDataLayout.ChunkBased)
        {
            throw Invalid(fs, position, nid, string.Create(CultureInfo.InvariantCulture, $"reserved data layout {layout}"));
        }

        int mode = BinaryPrimitives.ReadUInt16LittleEndian(raw[ErofsLayout.InMode..]);
        FileType type = (mode & ErofsLayout.ModeTypeMask) switch
        {
            ErofsLayout.ModeRegularFile => FileType.RegularFile,
            ErofsLayout.ModeDirectory => FileType.Directory,
            ErofsLayout.ModeSymbolicLink => FileType.SymbolicLink,
            ErofsLayout.ModeBlockDevice => FileType.BlockDevice,
            ErofsLayout.ModeCharacterDevice => FileType.CharacterDevice,
            ErofsLayout.ModeFifo => FileType.Fifo,
            ErofsLayout.ModeSocket => FileType.Socket,
            _ => throw Invalid(fs, position, nid, string.Create(CultureInfo.InvariantCulture, $"unknown file type in mode 0{Convert.ToString(mode, 8)}")),
        };

        int xattrCount = BinaryPrimitives.ReadUInt16LittleEndian(raw[ErofsLayout.InXattrCount..]);
        int xattrSize = xattrCount == 0 ? 0 : ErofsLayout.XattrHeaderSize + (ErofsLayout.XattrSlotSize * (xattrCount - 1));
        int inodeSize = extended ? ErofsLayout.ExtendedInodeSize : ErofsLayout.CompactInodeSize;
        if (position + inodeSize + xattrSize > fs.Length)
        {
            throw Invalid(fs, position, nid, string.Create(CultureInfo.InvariantCulture, $"{xattrCount} xattr slots run past the file system"));
        }

        ulong size = extended
            ? BinaryPrimitives.ReadUInt64LittleEndian(raw[ErofsLayout.InExtendedSize..])
            : BinaryPrimitives.ReadUInt32LittleEndian(raw[ErofsLayout.InCompactSize..]);
        if (size > ErofsLimits.MaxFileBytes)
        {
            throw Invalid(fs, position, nid, string.Create(CultureInfo.InvariantCulture, $"size {size} exceeds {ErofsLimits.MaxFileBytes}"));
        }

        return new ErofsInode
        {
            Nid = nid,
            Position = position,
            InodeSize = inodeSize,
            XattrSize = xattrSize,
            Layout = (ErofsDataLayout)layout,
            Mode = mode,
            Type = type,
            Size = (long)size,
            Union = BinaryPrimitives.ReadUInt32LittleEndian(raw[ErofsLayout.InUnion..]),
            Uid = extended ? BinaryPrimitives.ReadUInt32LittleEndian(raw[ErofsLayout.InExtendedUid..]) : BinaryPrimitives.ReadUInt16LittleEndian(raw[ErofsLayout.InCompactUid..]),
            Gid = extended ? BinaryPrimitives.ReadUInt32LittleEndian(raw[ErofsLayout.InExtendedGid..]) : BinaryPrimitives.ReadUInt16LittleEndian(raw[ErofsLayout.InCompactGid..]),
            LinkCount = extended ? BinaryPrimitives.ReadUInt32LittleEndian(raw[ErofsLayout.InExtendedNlink..]) : BinaryPrimitives.ReadUInt16LittleEndian(raw[ErofsLayout.InCompactNlink..]),
            ModificationTimeSeconds = extended
                ? (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(raw[ErofsLayout.InExtendedMtime..]), long.MaxValue)
                : sb.BuildTime,
            ModificationTimeNanoseconds = extended ? BinaryPrimitives.ReadUInt32LittleEndian(raw[ErofsLayout.InExtendedMtimeNsec..]) : sb.BuildTimeNanoseconds,
        };
    }

    private static InvalidImageException Invalid(ImageRegion fs, long position, ulong nid, string problem) =>
        new(fs.ImagePath, string.Create(CultureInfo.InvariantCulture, $"erofs inode {nid}"), fs.Offset + position, problem);
}
