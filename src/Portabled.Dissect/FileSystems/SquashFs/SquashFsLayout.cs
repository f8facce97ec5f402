// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.SquashFs;

/// <summary>
/// Byte offsets of the squashfs 4.0 on-disk structures (all little-endian). Source: the squashfs
/// 4.0 format description (docs/image-readers.md, squashfs "On-disk format", after Linux <c>fs/squashfs/squashfs_fs.h</c>):
/// superblock, metadata blocks, inodes, directory headers and entries, fragment entries.
/// </summary>
internal static class SquashFsLayout
{
    // Superblock (96 bytes at byte 0).
    public const int SuperBlockSize = 96;
    public const uint Magic = 0x73717368; // "hsqs"
    public const int SuperBlockMagic = 0;
    public const int SuperBlockInodeCount = 4;
    public const int SuperBlockModificationTime = 8;
    public const int SuperBlockBlockSize = 12;
    public const int SuperBlockFragmentCount = 16;
    public const int SuperBlockCompression = 20;
    public const int SuperBlockBlockLog = 22;
    public const int SuperBlockFlags = 24;
    public const int SuperBlockIdCount = 26;
    public const int SuperBlockVersionMajor = 28;
    public const int SuperBlockVersionMinor = 30;
    public const int SuperBlockRootInode = 32;
    public const int SuperBlockBytesUsed = 40;
    public const int SuperBlockIdTableStart = 48;
    public const int SuperBlockXattrIdTableStart = 56;
    public const int SuperBlockInodeTableStart = 64;
    public const int SuperBlockDirectoryTableStart = 72;
    public const int SuperBlockFragmentTableStart = 80;
    public const int SuperBlockExportTableStart = 88;

    /// <summary>A table start of all ones means "no such table" (xattr id, export).</summary>
    public const ulong TableAbsent = ulong.MaxValue;

    // Superblock flags.
    public const ushort FlagCompressorOptions = 0x0400;

    // Metadata blocks: u16 header, payload of at most 8 KiB (decompressed).
    public const int MetadataHeaderSize = 2;
    public const int MetadataBlockSize = 8192;
    public const ushort MetadataUncompressed = 0x8000;
    public const ushort MetadataLengthMask = 0x7FFF;

    // Data block and fragment sizes: bit 24 set means stored uncompressed; bits 25..31 must be zero.
    public const uint DataUncompressed = 1u << 24;
    public const uint DataSizeMask = DataUncompressed - 1;
    public const uint DataReservedMask = ~(DataUncompressed | DataSizeMask);
    public const uint NoFragment = 0xFFFFFFFF;

    // Tables of u64 pointers to metadata blocks.
    public const int TablePointerSize = 8;
    public const int IdEntrySize = 4;
    public const int FragmentEntrySize = 16;

    // Fragment entry: start u64, size u32, unused u32.
    public const int FragmentStart = 0;
    public const int FragmentSize = 8;

    // Inode header, common to all types (16 bytes).
    public const int InodeHeaderSize = 16;
    public const int InodeType = 0;
    public const int InodeMode = 2;
    public const int InodeUidIndex = 4;
    public const int InodeGidIndex = 6;
    public const int InodeModificationTime = 8;
    public const int InodeNumber = 12;

    // Basic directory (type 1), offsets from the inode start.
    public const int DirectorySize = 32;
    public const int DirectoryStartBlock = 16;
    public const int DirectoryLinkCount = 20;
    public const int DirectoryFileSize = 24; // u16
    public const int DirectoryOffset = 26; // u16
    public const int DirectoryParentInode = 28;

    // Extended directory (type 8); the i_count index entries that follow are not read.
    public const int ExtendedDirectorySize = 40;
    public const int ExtendedDirectoryLinkCount = 16;
    public const int ExtendedDirectoryFileSize = 20;
    public const int ExtendedDirectoryStartBlock = 24;
    public const int ExtendedDirectoryParentInode = 28;
    public const int ExtendedDirectoryIndexCount = 32; // u16
    public const int ExtendedDirectoryOffset = 34; // u16

    // Basic regular file (type 2), followed by the block list.
    public const int FileSize = 32;
    public const int FileStartBlock = 16;
    public const int FileFragment = 20;
    public const int FileFragmentOffset = 24;
    public const int FileFileSize = 28;

    // Extended regular file (type 9), followed by the block list.
    public const int ExtendedFileSize = 56;
    public const int ExtendedFileStartBlock = 16; // u64
    public const int ExtendedFileFileSize = 24; // u64
    public const int ExtendedFileSparse = 32; // u64
    public const int ExtendedFileLinkCount = 40;
    public const int ExtendedFileFragment = 44;
    public const int ExtendedFileFragmentOffset = 48;

    // Symbolic link (types 3 and 10): target follows (type 10: then an xattr index u32).
    public const int SymlinkSize = 24;
    public const int SymlinkLinkCount = 16;
    public const int SymlinkTargetSize = 20;

    // Block/character device (types 4, 5; extended 11, 12 add an xattr index u32).
    public const int DeviceSize = 24;
    public const int DeviceLinkCount = 16;
    public const int DeviceNumber = 20;

    // Fifo/socket (types 6, 7; extended 13, 14 add an xattr index u32).
    public const int IpcSize = 20;
    public const int IpcLinkCount = 16;

    public const int XattrIndexSize = 4;

    // Directory header (12 bytes): count u32 (entries - 1), start_block u32, inode_number u32.
    public const int DirectoryHeaderSize = 12;
    public const int DirectoryHeaderCount = 0;
    public const int DirectoryHeaderStartBlock = 4;
    public const int DirectoryHeaderInodeNumber = 8;

    // Directory entry (8 bytes + name): offset u16, inode_delta s16, type u16, name_size u16 (length - 1).
    public const int DirectoryEntrySize = 8;
    public const int DirectoryEntryOffset = 0;
    public const int DirectoryEntryInodeDelta = 2;
    public const int DirectoryEntryType = 4;
    public const int DirectoryEntryNameSize = 6;

    /// <summary>The stored directory size counts the implicit "." and ".." as 3 bytes that are not on disk.</summary>
    public const int DirectoryImplicitSize = 3;
}
