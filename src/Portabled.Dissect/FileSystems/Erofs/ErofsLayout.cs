// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Erofs;

/// <summary>
/// Byte offsets and constants of the erofs on-disk format (Linux <c>fs/erofs/erofs_fs.h</c>,
/// <c>Documentation/filesystems/erofs.rst</c>; docs/image-readers.md, erofs "On-disk format"). All fields
/// are little-endian. Only the structures this reader uses are listed.
/// </summary>
internal static class ErofsLayout
{
    // --- Superblock (erofs_super_block, 128 bytes at byte 1024) ---

    /// <summary>Byte offset of the superblock in the file system.</summary>
    public const int SuperBlockOffset = 1024;

    /// <summary>Size of the fixed superblock.</summary>
    public const int SuperBlockSize = 128;

    /// <summary>erofs magic (EROFS_SUPER_MAGIC_V1).</summary>
    public const uint Magic = 0xE0F5E1E2;

    public const int SbMagic = 0;                 // u32
    public const int SbChecksum = 4;              // u32 crc32c
    public const int SbFeatureCompat = 8;         // u32
    public const int SbBlockSizeBits = 12;        // u8
    public const int SbExtSlots = 13;             // u8
    public const int SbRootNid = 14;              // u16
    public const int SbInodeCount = 16;           // u64
    public const int SbBuildTime = 24;            // u64
    public const int SbBuildTimeNsec = 32;        // u32
    public const int SbBlocks = 36;               // u32
    public const int SbMetaBlockAddress = 40;     // u32
    public const int SbXattrBlockAddress = 44;    // u32
    public const int SbUuid = 48;                 // u8[16]
    public const int SbVolumeName = 64;           // u8[16]
    public const int SbFeatureIncompat = 80;      // u32
    public const int SbAvailableComprAlgs = 84;   // u16 (lz4_max_distance without COMPR_CFGS)
    public const int SbExtraDevices = 86;         // u16
    public const int SbDevtSlotOffset = 88;       // u16
    public const int SbDirBlockBits = 90;         // u8
    public const int SbXattrPrefixCount = 91;     // u8
    public const int SbXattrPrefixStart = 92;     // u32
    public const int SbPackedNid = 96;            // u64

    /// <summary>feature_compat: the superblock carries a crc32c.</summary>
    public const uint CompatSbChecksum = 0x1;

    /// <summary>feature_incompat: compressed data is right-aligned in its pcluster (LZ4 0padding).</summary>
    public const uint IncompatZeroPadding = 0x1;

    /// <summary>feature_incompat: per-algorithm configs after the superblock, big pclusters.</summary>
    public const uint IncompatComprCfgs = 0x2;

    /// <summary>feature_incompat: chunk-based files.</summary>
    public const uint IncompatChunkedFile = 0x4;

    /// <summary>feature_incompat: device table (and HEAD2 lclusters, same bit).</summary>
    public const uint IncompatDeviceTable = 0x8;

    /// <summary>feature_incompat: compressed tails inline after the lcluster indexes.</summary>
    public const uint IncompatZtailpacking = 0x10;

    /// <summary>feature_incompat: fragments in the packed inode, deduplicated pclusters (same bit).</summary>
    public const uint IncompatFragments = 0x20;

    /// <summary>feature_incompat: long xattr name prefixes.</summary>
    public const uint IncompatXattrPrefixes = 0x40;

    /// <summary>Every incompat bit this reader understands; any other bit is refused.</summary>
    public const uint SupportedIncompat = 0x7F;

    // --- Inodes (erofs_inode_compact 32 bytes, erofs_inode_extended 64 bytes) ---

    /// <summary>Inodes are addressed in 32-byte slots: position = meta_blkaddr × block size + nid × 32.</summary>
    public const int InodeSlotSize = 32;

    public const int CompactInodeSize = 32;
    public const int ExtendedInodeSize = 64;

    public const int InFormat = 0;                // u16: bit 0 version, bits 1-3 data layout
    public const int InXattrCount = 2;            // u16
    public const int InMode = 4;                  // u16
    public const int InCompactNlink = 6;          // u16
    public const int InCompactSize = 8;           // u32
    public const int InExtendedSize = 8;          // u64
    public const int InUnion = 16;                // u32: raw_blkaddr, rdev, chunk format, compressed_blocks
    public const int InIno = 20;                  // u32
    public const int InCompactUid = 24;           // u16
    public const int InCompactGid = 26;           // u16
    public const int InExtendedUid = 24;          // u32
    public const int InExtendedGid = 28;          // u32
    public const int InExtendedMtime = 32;        // u64
    public const int InExtendedMtimeNsec = 40;    // u32
    public const int InExtendedNlink = 44;        // u32

    /// <summary>Inline xattr header (erofs_xattr_ibody_header) size; each further slot is 4 bytes.</summary>
    public const int XattrHeaderSize = 12;

    public const int XattrSlotSize = 4;

    // --- Chunk-based files (i_u low 16 bits = chunk format) ---

    /// <summary>Chunk format bits 0-4: chunk size = block size &lt;&lt; bits.</summary>
    public const int ChunkFormatBlockBitsMask = 0x1F;

    /// <summary>Chunk format: 8-byte erofs_inode_chunk_index entries instead of a u32 block map.</summary>
    public const int ChunkFormatIndexes = 0x20;

    public const int ChunkIndexSize = 8;          // advise/startblk_hi u16 @0, device_id u16 @2, blkaddr u32 @4
    public const int ChunkIndexDeviceId = 2;
    public const int ChunkIndexBlockAddress = 4;
    public const int ChunkBlockMapEntrySize = 4;

    /// <summary>EROFS_NULL_ADDR: a hole in a chunk map.</summary>
    public const uint NullAddress = 0xFFFFFFFF;

    // --- Directories (erofs_dirent, 12 bytes) ---

    public const int DirentSize = 12;
    public const int DirentNid = 0;               // u64
    public const int DirentNameOffset = 8;        // u16
    public const int DirentFileType = 10;         // u8

    /// <summary>EROFS_NAME_LEN.</summary>
    public const int MaxNameLength = 255;

    // --- Compressed files (z_erofs_map_header 8 bytes at round_up(inode end, 8)) ---

    public const int MapHeaderSize = 8;
    public const int MhFragmentOffset = 0;        // u32 (h_fragmentoff), or u16 h_idata_size @2
    public const int MhIdataSize = 2;             // u16
    public const int MhAdvise = 4;                // u16
    public const int MhAlgorithmType = 6;         // u8: low nibble HEAD1, high nibble HEAD2
    public const int MhClusterBits = 7;           // u8: lclusterbits - blkszbits (bits 0-2); bit 7 whole file in packed inode

    public const int AdviseCompacted2B = 0x1;
    public const int AdviseBigPcluster1 = 0x2;
    public const int AdviseBigPcluster2 = 0x4;
    public const int AdviseInlinePcluster = 0x8;
    public const int AdviseInterlacedPcluster = 0x10;
    public const int AdviseFragmentPcluster = 0x20;

    /// <summary>h_clusterbits bit 7: the whole file is a fragment of the packed inode.</summary>
    public const int ClusterBitsFragmentInode = 0x80;

    /// <summary>Full (legacy) lcluster indexes start 8 bytes after the map header.</summary>
    public const int FullIndexesOffset = 16;

    public const int FullIndexSize = 8;           // z_erofs_lcluster_index
    public const int LiAdvise = 0;                // u16: type in bits 0-1
    public const int LiClusterOffset = 2;         // u16
    public const int LiBlockAddress = 4;          // u32, or delta[0] u16 @4, delta[1] u16 @6

    public const int LclusterTypePlain = 0;
    public const int LclusterTypeHead1 = 1;
    public const int LclusterTypeNonHead = 2;
    public const int LclusterTypeHead2 = 3;

    /// <summary>In the first NONHEAD lcluster of a big pcluster, delta[0] carries the compressed block count.</summary>
    public const int NonHeadCompressedBlockCount = 0x800;

    public const int AlgorithmLz4 = 0;
    public const int AlgorithmLzma = 1;
    public const int AlgorithmDeflate = 2;
    public const int AlgorithmZstd = 3;

    // --- POSIX mode (S_IFMT) ---

    public const int ModeTypeMask = 0xF000;
    public const int ModeFifo = 0x1000;
    public const int ModeCharacterDevice = 0x2000;
    public const int ModeDirectory = 0x4000;
    public const int ModeBlockDevice = 0x6000;
    public const int ModeRegularFile = 0x8000;
    public const int ModeSymbolicLink = 0xA000;
    public const int ModeSocket = 0xC000;
}
