// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Ext4;

/// <summary>
/// Byte offsets and constants of the ext2/3/4 on-disk structures, as described in the kernel's
/// ext4 disk layout documentation (Documentation/filesystems/ext4/: "Super Block", "Block Group
/// Descriptors", "Index Nodes", "Extent Tree", "Directory Entries", "Extended Attributes",
/// "Inline Data", "Checksums"). All fields are little-endian.
/// </summary>
internal static class Ext4Layout
{
    // ---- Super Block (disk layout "Super Block"): 1024 bytes at byte 1024 of the file system.

    /// <summary>Byte offset of the superblock from the start of the file system.</summary>
    public const int SuperBlockOffset = 1024;

    /// <summary>Size of the superblock.</summary>
    public const int SuperBlockSize = 1024;

    public const int SbInodesCount = 0x00;
    public const int SbBlocksCountLo = 0x04;
    public const int SbFirstDataBlock = 0x14;
    public const int SbLogBlockSize = 0x18;
    public const int SbLogClusterSize = 0x1C;
    public const int SbBlocksPerGroup = 0x20;
    public const int SbInodesPerGroup = 0x28;
    public const int SbMagic = 0x38;
    public const int SbCreatorOs = 0x48;
    public const int SbRevLevel = 0x4C;
    public const int SbFirstIno = 0x54;
    public const int SbInodeSize = 0x58;
    public const int SbFeatureCompat = 0x5C;
    public const int SbFeatureIncompat = 0x60;
    public const int SbFeatureRoCompat = 0x64;
    public const int SbUuid = 0x68;
    public const int SbDescSize = 0xFE;
    public const int SbFirstMetaBg = 0x104;
    public const int SbBlocksCountHi = 0x150;
    public const int SbChecksumType = 0x175;
    public const int SbBackupBgs = 0x24C;
    public const int SbChecksumSeed = 0x270;
    public const int SbChecksum = 0x3FC;

    /// <summary>s_magic.</summary>
    public const ushort Magic = 0xEF53;

    /// <summary>s_checksum_type for crc32c, the only one defined.</summary>
    public const byte ChecksumTypeCrc32C = 1;

    /// <summary>s_creator_os of GNU Hurd, whose inodes reuse the checksum fields (the kernel skips inode checksums there).</summary>
    public const uint CreatorOsHurd = 1;

    /// <summary>First non-reserved inode of revision 0 file systems.</summary>
    public const uint GoodOldFirstIno = 11;

    /// <summary>Inode size of revision 0 file systems.</summary>
    public const int GoodOldInodeSize = 128;

    /// <summary>The root directory's inode number.</summary>
    public const uint RootIno = 2;

    // ---- Block Group Descriptors ("Block Group Descriptors"): 32 bytes, or s_desc_size (>= 64) with INCOMPAT_64BIT.

    /// <summary>Descriptor size without INCOMPAT_64BIT.</summary>
    public const int GdMinSize = 32;

    /// <summary>Smallest s_desc_size accepted with INCOMPAT_64BIT.</summary>
    public const int GdMinSize64Bit = 64;

    /// <summary>Largest s_desc_size.</summary>
    public const int GdMaxSize = 1024;

    public const int GdInodeTableLo = 0x08;
    public const int GdFlags = 0x12;
    public const int GdChecksum = 0x1E;
    public const int GdInodeTableHi = 0x28;

    // ---- Index Nodes ("Index Nodes"): 128 bytes, plus i_extra_isize bytes of extra fields.

    public const int InodeMode = 0x00;
    public const int InodeUid = 0x02;
    public const int InodeSizeLo = 0x04;
    public const int InodeMtime = 0x10;
    public const int InodeGid = 0x18;
    public const int InodeLinksCount = 0x1A;
    public const int InodeFlags = 0x20;
    public const int InodeBlock = 0x28;
    public const int InodeGeneration = 0x64;
    public const int InodeFileAclLo = 0x68;
    public const int InodeSizeHigh = 0x6C;
    public const int InodeFileAclHigh = 0x76;
    public const int InodeUidHigh = 0x78;
    public const int InodeGidHigh = 0x7A;
    public const int InodeChecksumLo = 0x7C;
    public const int InodeExtraIsize = 0x80;
    public const int InodeChecksumHi = 0x82;
    public const int InodeMtimeExtra = 0x88;

    /// <summary>Size of i_block: 15 × u32.</summary>
    public const int InodeBlockSize = 60;

    /// <summary>Mask of the file type bits of i_mode (S_IFMT).</summary>
    public const ushort ModeTypeMask = 0xF000;

    // i_flags bits used by the reader.
    public const uint FlagIndex = 0x1000;
    public const uint FlagEncrypt = 0x800;
    public const uint FlagExtents = 0x80000;
    public const uint FlagEaInode = 0x200000;
    public const uint FlagInlineData = 0x10000000;

    // ---- Extent Tree ("Extent Tree"): a 12-byte header followed by 12-byte entries.

    public const ushort ExtentMagic = 0xF30A;
    public const int ExtentHeaderSize = 12;
    public const int ExtentEntrySize = 12;
    public const int EhMagic = 0x00;
    public const int EhEntries = 0x02;
    public const int EhMax = 0x04;
    public const int EhDepth = 0x06;

    // struct ext4_extent (leaf).
    public const int EeBlock = 0x00;
    public const int EeLen = 0x04;
    public const int EeStartHi = 0x06;
    public const int EeStartLo = 0x08;

    // struct ext4_extent_idx (index).
    public const int EiBlock = 0x00;
    public const int EiLeafLo = 0x04;
    public const int EiLeafHi = 0x08;

    /// <summary>ee_len above this marks an unwritten (preallocated) extent of ee_len − this blocks.</summary>
    public const int ExtentInitMaxLen = 32768;

    // ---- Directory Entries ("Linear (Classic) Directories"): ext4_dir_entry_2.

    public const int DirentInode = 0x00;
    public const int DirentRecLen = 0x04;
    public const int DirentNameLen = 0x06;
    public const int DirentFileType = 0x07;
    public const int DirentHeaderSize = 8;

    /// <summary>Longest name a directory entry holds.</summary>
    public const int MaxNameLength = 255;

    // ---- Legacy block map ("Direct/Indirect Block Addressing").

    /// <summary>Number of direct block pointers in i_block.</summary>
    public const int DirectBlocks = 12;

    public const int SingleIndirectIndex = 12;
    public const int DoubleIndirectIndex = 13;
    public const int TripleIndirectIndex = 14;

    // ---- Extended Attributes ("Extended Attributes": in-inode area after i_extra_isize, and one block at i_file_acl).

    public const uint XattrMagic = 0xEA020000;

    /// <summary>Size of the in-inode header (h_magic); entries and value offsets start after it.</summary>
    public const int XattrInodeHeaderSize = 4;

    // ext4_xattr_header of an xattr block (32 bytes); entries start after it, value offsets count from the block start.
    public const int XattrBlockHeaderSize = 32;
    public const int XattrBlockMagic = 0x00;
    public const int XattrBlockBlocks = 0x08;
    public const int XattrBlockChecksum = 0x10;
    public const int XattrEntryNameLen = 0x00;
    public const int XattrEntryNameIndex = 0x01;
    public const int XattrEntryValueOffs = 0x02;
    public const int XattrEntryValueInum = 0x04;
    public const int XattrEntryValueSize = 0x08;
    public const int XattrEntryHeaderSize = 16;

    /// <summary>Name index of the "system." prefix, where inline data lives as "system.data".</summary>
    public const byte XattrIndexSystem = 7;

    // Name indexes of the POSIX ACLs, whose values are stored in ext4's own ACL format.
    public const byte XattrIndexPosixAclAccess = 2;
    public const byte XattrIndexPosixAclDefault = 3;
}
