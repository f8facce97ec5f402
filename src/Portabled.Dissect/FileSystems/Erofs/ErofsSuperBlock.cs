// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Checksums;
using System.Buffers.Binary;
using System.Globalization;

namespace Portabled.Dissect.FileSystems.Erofs;

/*
 * On-disk layout read here (erofs_super_block, 128 bytes at byte 1024; ErofsLayout):
 *   0 magic u32 = 0xE0F5E1E2   4 checksum u32 (crc32c)   8 feature_compat u32
 *  12 blkszbits u8   13 sb_extslots u8   14 root_nid u16   16 inos u64
 *  24 build_time u64   32 build_time_nsec u32   36 blocks u32   40 meta_blkaddr u32
 *  44 xattr_blkaddr u32   48 uuid[16]   64 volume_name[16]   80 feature_incompat u32
 *  84 available_compr_algs / lz4_max_distance u16   86 extra_devices u16   88 devt_slotoff u16
 *  90 dirblkbits u8   91 xattr_prefix_count u8   92 xattr_prefix_start u32   96 packed_nid u64
 * With COMPAT_SB_CHKSUM, the checksum is crc32c(~0, bytes 1024 .. block end with the checksum
 * field zeroed), no final inversion (block size − 1024 bytes, or a whole block when blocks are
 * 1 KiB or smaller).
 */

/// <summary>The erofs superblock, validated.</summary>
internal sealed class ErofsSuperBlock
{
    /// <summary>log2 of the block size.</summary>
    public required int BlockSizeBits { get; init; }

    /// <summary>Block size in bytes.</summary>
    public int BlockSize => 1 << BlockSizeBits;

    /// <summary>feature_compat bits.</summary>
    public required uint FeatureCompat { get; init; }

    /// <summary>feature_incompat bits (all understood).</summary>
    public required uint FeatureIncompat { get; init; }

    /// <summary>nid of the root directory.</summary>
    public required ulong RootNid { get; init; }

    /// <summary>Build time: the modification time of compact inodes.</summary>
    public required long BuildTime { get; init; }

    /// <summary>Nanoseconds of the build time.</summary>
    public required uint BuildTimeNanoseconds { get; init; }

    /// <summary>Number of blocks of the file system.</summary>
    public required uint Blocks { get; init; }

    /// <summary>Block where nid 0 lives.</summary>
    public required uint MetaBlockAddress { get; init; }

    /// <summary>Block where the shared xattr area starts (shared xattr id n lives at this block + n × 4 bytes).</summary>
    public required uint XattrBlockAddress { get; init; }

    /// <summary>nid of the packed inode (fragments), 0 when none.</summary>
    public required ulong PackedNid { get; init; }

    /// <summary>Size of the file system in bytes (blocks × block size).</summary>
    public long FileSystemBytes => (long)Blocks << BlockSizeBits;

    /// <summary>Whether an incompat feature bit is set.</summary>
    public bool Has(uint incompatBit) => (FeatureIncompat & incompatBit) != 0;

    /// <summary>True when the region holds the erofs magic at byte 1024; never throws on short input.</summary>
    public static bool HasMagic(ImageRegion region)
    {
        Span<byte> magic = stackalloc byte[4];
        if (region.Length < ErofsLayout.SuperBlockOffset + ErofsLayout.SuperBlockSize
            || region.Read(ErofsLayout.SuperBlockOffset, magic) != magic.Length)
        {
            return false;
        }

        return BinaryPrimitives.ReadUInt32LittleEndian(magic) == ErofsLayout.Magic;
    }

    /// <summary>Reads and validates the superblock of <paramref name="region"/>.</summary>
    public static ErofsSuperBlock Read(ImageRegion region)
    {
        const string Structure = "erofs superblock";
        const long At = ErofsLayout.SuperBlockOffset;
        Span<byte> sb = stackalloc byte[ErofsLayout.SuperBlockSize];
        region.ReadExactly(At, sb, Structure);

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(sb[ErofsLayout.SbMagic..]);
        if (magic != ErofsLayout.Magic)
        {
            throw Invalid(region, At, string.Create(CultureInfo.InvariantCulture, $"bad magic 0x{magic:X8}"));
        }

        int blockSizeBits = sb[ErofsLayout.SbBlockSizeBits];
        if (blockSizeBits is < ErofsLimits.MinBlockSizeBits or > ErofsLimits.MaxBlockSizeBits)
        {
            throw Invalid(region, At + ErofsLayout.SbBlockSizeBits, string.Create(CultureInfo.InvariantCulture,
                $"block size 2^{blockSizeBits} outside 2^{ErofsLimits.MinBlockSizeBits}..2^{ErofsLimits.MaxBlockSizeBits}"));
        }

        uint incompat = BinaryPrimitives.ReadUInt32LittleEndian(sb[ErofsLayout.SbFeatureIncompat..]);
        if ((incompat & ~ErofsLayout.SupportedIncompat) != 0)
        {
            throw new UnsupportedImageException(region.ImagePath, string.Create(CultureInfo.InvariantCulture,
                $"erofs incompatible feature bits 0x{incompat & ~ErofsLayout.SupportedIncompat:X} are not supported (understood: 0x{ErofsLayout.SupportedIncompat:X})"));
        }

        uint compat = BinaryPrimitives.ReadUInt32LittleEndian(sb[ErofsLayout.SbFeatureCompat..]);
        if ((compat & ErofsLayout.CompatSbChecksum) != 0)
        {
            VerifyChecksum(region, blockSizeBits, BinaryPrimitives.ReadUInt32LittleEndian(sb[ErofsLayout.SbChecksum..]));
        }

        if (sb[ErofsLayout.SbDirBlockBits] != 0)
        {
            throw new UnsupportedImageException(region.ImagePath, string.Create(CultureInfo.InvariantCulture,
                $"erofs directory blocks larger than the block size (dirblkbits {sb[ErofsLayout.SbDirBlockBits]}) are not supported"));
        }

        ushort extraDevices = BinaryPrimitives.ReadUInt16LittleEndian(sb[ErofsLayout.SbExtraDevices..]);
        if ((incompat & ErofsLayout.IncompatDeviceTable) != 0 && extraDevices != 0)
        {
            throw new UnsupportedImageException(region.ImagePath, string.Create(CultureInfo.InvariantCulture,
                $"erofs images spanning {extraDevices} extra devices are not supported"));
        }

        var result = new ErofsSuperBlock
        {
            BlockSizeBits = blockSizeBits,
            FeatureCompat = compat,
            FeatureIncompat = incompat,
            RootNid = BinaryPrimitives.ReadUInt16LittleEndian(sb[ErofsLayout.SbRootNid..]),
            BuildTime = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(sb[ErofsLayout.SbBuildTime..]), long.MaxValue),
            BuildTimeNanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(sb[ErofsLayout.SbBuildTimeNsec..]),
            Blocks = BinaryPrimitives.ReadUInt32LittleEndian(sb[ErofsLayout.SbBlocks..]),
            MetaBlockAddress = BinaryPrimitives.ReadUInt32LittleEndian(sb[ErofsLayout.SbMetaBlockAddress..]),
            XattrBlockAddress = BinaryPrimitives.ReadUInt32LittleEndian(sb[ErofsLayout.SbXattrBlockAddress..]),
            PackedNid = BinaryPrimitives.ReadUInt64LittleEndian(sb[ErofsLayout.SbPackedNid..]),
        };

        if (result.FileSystemBytes > region.Length)
        {
            throw Invalid(region, At + ErofsLayout.SbBlocks, string.Create(CultureInfo.InvariantCulture,
                $"{result.Blocks} blocks of {result.BlockSize} bytes do not fit in the {region.Length}-byte image (truncated?)"));
        }

        if (((long)result.MetaBlockAddress << blockSizeBits) >= result.FileSystemBytes)
        {
            throw Invalid(region, At + ErofsLayout.SbMetaBlockAddress, string.Create(CultureInfo.InvariantCulture,
                $"meta_blkaddr {result.MetaBlockAddress} lies beyond the {result.Blocks}-block file system"));
        }

        return result;
    }

    private static void VerifyChecksum(ImageRegion region, int blockSizeBits, uint expected)
    {
        int blockSize = 1 << blockSizeBits;
        int length = blockSize > ErofsLayout.SuperBlockOffset ? blockSize - ErofsLayout.SuperBlockOffset : blockSize;
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> data = buffer.AsSpan(0, length);
            region.ReadExactly(ErofsLayout.SuperBlockOffset, data, "erofs superblock checksum range");
            BinaryPrimitives.WriteUInt32LittleEndian(data[ErofsLayout.SbChecksum..], 0);
            uint actual = Crc32C.Update(uint.MaxValue, data);
            if (actual != expected)
            {
                throw Invalid(region, ErofsLayout.SuperBlockOffset + ErofsLayout.SbChecksum, string.Create(CultureInfo.InvariantCulture,
                    $"superblock checksum 0x{actual:X8} does not match the recorded 0x{expected:X8}"));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static InvalidImageException Invalid(ImageRegion region, long offset, string problem) =>
        new(region.ImagePath, "erofs superblock", region.Offset + offset, problem);
}
