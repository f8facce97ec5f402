// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ext4 superblock (disk layout "Super Block"), 1024 bytes at byte 1024, little-endian:
 *   0x00 s_inodes_count u32        0x04 s_blocks_count_lo u32     0x14 s_first_data_block u32
 *   0x18 s_log_block_size u32      0x1C s_log_cluster_size u32    0x20 s_blocks_per_group u32
 *   0x28 s_inodes_per_group u32    0x38 s_magic u16 (0xEF53)      0x48 s_creator_os u32
 *   0x4C s_rev_level u32           0x54 s_first_ino u32           0x58 s_inode_size u16
 *   0x5C s_feature_compat u32      0x60 s_feature_incompat u32    0x64 s_feature_ro_compat u32
 *   0x68 s_uuid[16]                0xFE s_desc_size u16           0x104 s_first_meta_bg u32
 *   0x150 s_blocks_count_hi u32    0x175 s_checksum_type u8       0x24C s_backup_bgs[2] u32
 *   0x270 s_checksum_seed u32      0x3FC s_checksum u32 (crc32c of bytes 0..0x3FB, metadata_csum)
 */
using Portabled.Dissect.Checksums;
using System.Buffers.Binary;
using System.Globalization;

namespace Portabled.Dissect.FileSystems.Ext4;

/// <summary>The fields of the ext4 superblock the reader needs, validated against the region holding the file system.</summary>
internal sealed class Ext4SuperBlock
{
    /// <summary>Largest s_log_block_size: 64 KiB blocks, the kernel's maximum.</summary>
    public const int MaxLogBlockSize = 6;

    /// <summary>Most block groups accepted (2^24 groups of 32768 4-KiB blocks is 2 PiB).</summary>
    public const long MaxGroupCount = 1L << 24;

    private Ext4SuperBlock()
    {
    }

    public uint InodesCount { get; private init; }

    public long BlocksCount { get; private init; }

    public uint FirstDataBlock { get; private init; }

    public int BlockSize { get; private init; }

    public uint BlocksPerGroup { get; private init; }

    public uint InodesPerGroup { get; private init; }

    public uint FirstIno { get; private init; }

    public int InodeSize { get; private init; }

    public uint Compat { get; private init; }

    public uint Incompat { get; private init; }

    public uint RoCompat { get; private init; }

    /// <summary>Group descriptor size: s_desc_size with INCOMPAT_64BIT, else 32.</summary>
    public int DescSize { get; private init; }

    public uint FirstMetaBg { get; private init; }

    public long GroupCount { get; private init; }

    public uint BackupBg0 { get; private init; }

    public uint BackupBg1 { get; private init; }

    /// <summary>RO_COMPAT_METADATA_CSUM: superblock, descriptors and inodes carry crc32c checksums.</summary>
    public bool HasMetadataChecksums { get; private init; }

    /// <summary>Seed of every metadata checksum: s_checksum_seed, or crc32c of the UUID.</summary>
    public uint ChecksumSeed { get; private init; }

    /// <summary>The kernel does not verify inode checksums on file systems made by GNU Hurd.</summary>
    public bool IsHurd { get; private init; }

    public bool HasFileType => (Incompat & Ext4Features.IncompatFileType) != 0;

    public bool HasMetaBg => (Incompat & Ext4Features.IncompatMetaBg) != 0;

    /// <summary>INCOMPAT_64BIT: block numbers have high halves (i_file_acl among them).</summary>
    public bool Is64Bit => (Incompat & Ext4Features.Incompat64Bit) != 0;

    /// <summary>Parses and validates the 1024-byte superblock <paramref name="sb"/> of the file system in <paramref name="region"/>.</summary>
    public static Ext4SuperBlock Parse(ReadOnlySpan<byte> sb, ImageRegion region)
    {
        string image = region.ImagePath;
        long at = region.Offset + Ext4Layout.SuperBlockOffset;
        InvalidImageException Bad(string problem) => new(image, nameof(Ext4SuperBlock), at, problem);

        if (BinaryPrimitives.ReadUInt16LittleEndian(sb[Ext4Layout.SbMagic..]) != Ext4Layout.Magic)
        {
            throw Bad("bad magic, not an ext2/3/4 file system");
        }

        uint roCompat = U32(sb, Ext4Layout.SbFeatureRoCompat);
        bool csum = (roCompat & Ext4Features.RoCompatMetadataCsum) != 0;
        if (csum)
        {
            VerifyChecksum(sb, Bad);
        }

        uint incompat = U32(sb, Ext4Layout.SbFeatureIncompat);
        CheckFeatures(incompat, roCompat, image);
        (int blockSize, int inodeSize, uint firstIno, int descSize) = ParseSizes(sb, incompat, Bad);
        (long blocksCount, uint firstDataBlock, uint blocksPerGroup, uint inodesPerGroup, long groupCount, uint inodesCount) =
            ParseGeometry(sb, region.Length, incompat, blockSize, inodeSize, firstIno, Bad);
        uint seed = (incompat & Ext4Features.IncompatCsumSeed) != 0
            ? U32(sb, Ext4Layout.SbChecksumSeed)
            : Crc32C.Update(uint.MaxValue, sb.Slice(Ext4Layout.SbUuid, 16));

        return new Ext4SuperBlock
        {
            InodesCount = inodesCount,
            BlocksCount = blocksCount,
            FirstDataBlock = firstDataBlock,
            BlockSize = blockSize,
            BlocksPerGroup = blocksPerGroup,
            InodesPerGroup = inodesPerGroup,
            FirstIno = firstIno,
            InodeSize = inodeSize,
            Compat = U32(sb, Ext4Layout.SbFeatureCompat),
            Incompat = incompat,
            RoCompat = roCompat,
            DescSize = descSize,
            FirstMetaBg = U32(sb, Ext4Layout.SbFirstMetaBg),
            GroupCount = groupCount,
            BackupBg0 = U32(sb, Ext4Layout.SbBackupBgs),
            BackupBg1 = U32(sb, Ext4Layout.SbBackupBgs + 4),
            HasMetadataChecksums = csum,
            ChecksumSeed = seed,
            IsHurd = U32(sb, Ext4Layout.SbCreatorOs) == Ext4Layout.CreatorOsHurd,
        };
    }

    /// <summary>True when group <paramref name="group"/> starts with a superblock backup (and so a descriptor copy).</summary>
    public bool GroupHasSuperBlock(long group)
    {
        if (group == 0)
        {
            return true;
        }

        if ((Compat & Ext4Features.CompatSparseSuper2) != 0)
        {
            return group == BackupBg0 || group == BackupBg1;
        }

        if (group <= 1 || (RoCompat & Ext4Features.RoCompatSparseSuper) == 0)
        {
            return true;
        }

        return IsPowerOf(group, 3) || IsPowerOf(group, 5) || IsPowerOf(group, 7);
    }

    private static void CheckFeatures(uint incompat, uint roCompat, string image)
    {
        uint unsupported = incompat & ~Ext4Features.SupportedIncompat;
        if (unsupported != 0)
        {
            throw new UnsupportedImageException(image,
                $"ext4 file system uses unsupported incompatible features: {Ext4Features.DescribeIncompat(unsupported)}, refusing.");
        }

        // RO_COMPAT bits only restrict writers, so unknown ones are fine for this read-only reader,
        // except bigalloc: it changes the group geometry (clusters per group); portable images never use it.
        if ((roCompat & Ext4Features.RoCompatBigAlloc) != 0)
        {
            throw new UnsupportedImageException(image, "ext4 file system uses bigalloc (ro_compat 0x200), which this reader does not implement, refusing.");
        }
    }

    private static (int BlockSize, int InodeSize, uint FirstIno, int DescSize) ParseSizes(
        ReadOnlySpan<byte> sb, uint incompat, Func<string, InvalidImageException> bad)
    {
        uint logBlockSize = U32(sb, Ext4Layout.SbLogBlockSize);
        if (logBlockSize > MaxLogBlockSize)
        {
            throw bad($"s_log_block_size {logBlockSize} exceeds {MaxLogBlockSize} (64 KiB blocks)");
        }

        int blockSize = 1024 << (int)logBlockSize;
        uint revLevel = U32(sb, Ext4Layout.SbRevLevel);
        if (revLevel > 1)
        {
            throw bad($"unknown revision level {revLevel}");
        }

        int inodeSize = revLevel == 0 ? Ext4Layout.GoodOldInodeSize : BinaryPrimitives.ReadUInt16LittleEndian(sb[Ext4Layout.SbInodeSize..]);
        if (inodeSize < Ext4Layout.GoodOldInodeSize || inodeSize > blockSize || (inodeSize & (inodeSize - 1)) != 0)
        {
            throw bad($"inode size {inodeSize} is not a power of two between 128 and the block size {blockSize}");
        }

        uint firstIno = revLevel == 0 ? Ext4Layout.GoodOldFirstIno : U32(sb, Ext4Layout.SbFirstIno);
        if (firstIno < Ext4Layout.GoodOldFirstIno)
        {
            throw bad($"first non-reserved inode {firstIno} is below {Ext4Layout.GoodOldFirstIno}");
        }

        int descSize = Ext4Layout.GdMinSize;
        if ((incompat & Ext4Features.Incompat64Bit) != 0)
        {
            descSize = BinaryPrimitives.ReadUInt16LittleEndian(sb[Ext4Layout.SbDescSize..]);
            if (descSize < Ext4Layout.GdMinSize64Bit || descSize > Ext4Layout.GdMaxSize || (descSize & (descSize - 1)) != 0)
            {
                throw bad($"group descriptor size {descSize} is not a power of two between 64 and 1024");
            }
        }

        return (blockSize, inodeSize, firstIno, descSize);
    }

    private static (long BlocksCount, uint FirstDataBlock, uint BlocksPerGroup, uint InodesPerGroup, long GroupCount, uint InodesCount) ParseGeometry(
        ReadOnlySpan<byte> sb, long regionLength, uint incompat, int blockSize, int inodeSize, uint firstIno, Func<string, InvalidImageException> bad)
    {
        long blocksCount = U32(sb, Ext4Layout.SbBlocksCountLo);
        if ((incompat & Ext4Features.Incompat64Bit) != 0)
        {
            blocksCount |= (long)U32(sb, Ext4Layout.SbBlocksCountHi) << 32;
        }

        // blocks_count × block_size must fit in the region: the kernel refuses a file system larger than its device too.
        if (blocksCount == 0 || blocksCount > regionLength / blockSize)
        {
            throw bad(string.Create(CultureInfo.InvariantCulture,
                $"block count {blocksCount} × {blockSize} bytes does not fit in the {regionLength}-byte region"));
        }

        uint firstDataBlock = U32(sb, Ext4Layout.SbFirstDataBlock);
        if (firstDataBlock >= blocksCount || firstDataBlock > 1)
        {
            throw bad($"first data block {firstDataBlock} is invalid");
        }

        uint blocksPerGroup = U32(sb, Ext4Layout.SbBlocksPerGroup);
        if (blocksPerGroup < 8 || blocksPerGroup > (uint)blockSize * 8 || blocksPerGroup % 8 != 0)
        {
            throw bad($"blocks per group {blocksPerGroup} is not a multiple of 8 between 8 and {blockSize * 8}");
        }

        uint inodesPerGroup = U32(sb, Ext4Layout.SbInodesPerGroup);
        if (inodesPerGroup < (uint)(blockSize / inodeSize) || inodesPerGroup > (uint)blockSize * 8)
        {
            throw bad($"inodes per group {inodesPerGroup} is out of range");
        }

        long groupCount = checked((blocksCount - firstDataBlock + blocksPerGroup - 1) / blocksPerGroup);
        if (groupCount > MaxGroupCount)
        {
            throw bad($"{groupCount} block groups exceed the limit of {MaxGroupCount}");
        }

        uint inodesCount = U32(sb, Ext4Layout.SbInodesCount);
        if (inodesCount != checked(groupCount * inodesPerGroup) || inodesCount < firstIno)
        {
            throw bad($"inode count {inodesCount} is not {groupCount} groups × {inodesPerGroup} inodes, or below the first non-reserved inode {firstIno}");
        }

        return (blocksCount, firstDataBlock, blocksPerGroup, inodesPerGroup, groupCount, inodesCount);
    }

    private static bool IsPowerOf(long value, int b)
    {
        long n = b;
        while (n < value)
        {
            n *= b;
        }

        return n == value;
    }

    private static void VerifyChecksum(ReadOnlySpan<byte> sb, Func<string, InvalidImageException> bad)
    {
        if (sb[Ext4Layout.SbChecksumType] != Ext4Layout.ChecksumTypeCrc32C)
        {
            throw bad($"unknown metadata checksum type {sb[Ext4Layout.SbChecksumType]}");
        }

        uint expected = U32(sb, Ext4Layout.SbChecksum);
        uint actual = Crc32C.Update(uint.MaxValue, sb[..Ext4Layout.SbChecksum]);
        if (expected != actual)
        {
            throw bad(string.Create(CultureInfo.InvariantCulture, $"superblock checksum 0x{actual:x8} does not match the stored 0x{expected:x8}"));
        }
    }

    private static uint U32(ReadOnlySpan<byte> b, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(b[offset..]);
}
