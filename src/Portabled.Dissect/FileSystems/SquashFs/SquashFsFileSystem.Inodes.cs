// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Text;
using L = Portabled.Dissect.FileSystems.SquashFs.SquashFsLayout;

namespace Portabled.Dissect.FileSystems.SquashFs;

/*
 * Inode table (docs/image-readers.md, squashfs "On-disk format", "Inodes"). An inode reference is
 * (block offset from inode_table_start << 16) | offset in the decompressed block; inodes may
 * straddle metadata blocks. Common header (16 bytes):
 *   0 type u16  2 mode u16  4 uid_idx u16  6 gid_idx u16  8 mtime u32  12 inode_number u32
 * then by type (offsets from the inode start):
 *   1 dir        16 start_block u32, 20 nlink u32, 24 file_size u16, 26 offset u16, 28 parent u32
 *   8 ext dir    16 nlink, 20 file_size u32, 24 start_block, 28 parent, 32 i_count u16, 34 offset u16,
 *                36 xattr; then i_count index entries (not read)
 *   2 file       16 start_block u32, 20 fragment u32, 24 offset u32, 28 file_size u32; block list
 *   9 ext file   16 start_block u64, 24 file_size u64, 32 sparse u64, 40 nlink, 44 fragment,
 *                48 offset, 52 xattr; block list
 *   3/10 symlink 16 nlink, 20 symlink_size, 24 target (10: then xattr u32)
 *   4,5/11,12    16 nlink, 20 rdev (+ xattr)
 *   6,7/13,14    16 nlink (+ xattr)
 * The block list has one u32 per full block, rounded up when there is no fragment.
 * xattr indexes are ignored.
 */
public sealed partial class SquashFsFileSystem
{
    private const string InodeStructure = "SquashFsInode";

    /// <summary>
    /// Reads the inode at <paramref name="reference"/>. <paramref name="parent"/> is the directory it
    /// was found in; a directory that is one of its own ancestors, or nested too deep, is refused.
    /// </summary>
    private SquashFsNode ReadInode(ulong reference, SquashFsNode? parent)
    {
        SquashFsMetadataCursor cursor = InodeCursor(reference, InodeStructure);
        long position = cursor.BlockPosition;
        Span<byte> b = stackalloc byte[L.ExtendedFileSize];
        cursor.Read(b[..L.InodeHeaderSize]);
        ushort rawType = BinaryPrimitives.ReadUInt16LittleEndian(b[L.InodeType..]);
        var type = (SquashFsInodeType)rawType;
        int fixedSize = FixedInodeSize(type, position);
        cursor.Read(b[L.InodeHeaderSize..fixedSize]);

        uint inodeNumber = BinaryPrimitives.ReadUInt32LittleEndian(b[L.InodeNumber..]);
        CheckInodeNumber(inodeNumber, position);
        var common = new SquashFsNode
        {
            InodeReference = reference,
            InodeType = type,
            Type = FileTypeOf(type),
            Permissions = BinaryPrimitives.ReadUInt16LittleEndian(b[L.InodeMode..]) & 0xFFFu,
            Uid = GetId(BinaryPrimitives.ReadUInt16LittleEndian(b[L.InodeUidIndex..]), position),
            Gid = GetId(BinaryPrimitives.ReadUInt16LittleEndian(b[L.InodeGidIndex..]), position),
            ModificationTimeSeconds = BinaryPrimitives.ReadUInt32LittleEndian(b[L.InodeModificationTime..]),
            InodeNumber = inodeNumber,
        };

        return type switch
        {
            SquashFsInodeType.Directory or SquashFsInodeType.ExtendedDirectory => ReadDirectoryInode(common, b, parent, position),
            SquashFsInodeType.File or SquashFsInodeType.ExtendedFile => ReadFileInode(common, b, cursor, position),
            SquashFsInodeType.Symlink or SquashFsInodeType.ExtendedSymlink => ReadSymlinkInode(common, b, cursor, position),
            SquashFsInodeType.BlockDevice or SquashFsInodeType.CharacterDevice
                or SquashFsInodeType.ExtendedBlockDevice or SquashFsInodeType.ExtendedCharacterDevice => ReadDeviceInode(common, b),
            _ => WithIpcFields(common, b),
        };
    }

    private int FixedInodeSize(SquashFsInodeType type, long position) => type switch
    {
        SquashFsInodeType.Directory => L.DirectorySize,
        SquashFsInodeType.ExtendedDirectory => L.ExtendedDirectorySize,
        SquashFsInodeType.File => L.FileSize,
        SquashFsInodeType.ExtendedFile => L.ExtendedFileSize,
        SquashFsInodeType.Symlink or SquashFsInodeType.ExtendedSymlink => L.SymlinkSize,
        SquashFsInodeType.BlockDevice or SquashFsInodeType.CharacterDevice
            or SquashFsInodeType.ExtendedBlockDevice or SquashFsInodeType.ExtendedCharacterDevice => L.DeviceSize,
        SquashFsInodeType.Fifo or SquashFsInodeType.Socket or SquashFsInodeType.ExtendedFifo or SquashFsInodeType.ExtendedSocket => L.IpcSize,
        _ => throw Invalid(InodeStructure, position, $"unknown inode type {(ushort)type}"),
    };

    private static FileType FileTypeOf(SquashFsInodeType type) => BasicType(type) switch
    {
        SquashFsInodeType.Directory => FileType.Directory,
        SquashFsInodeType.File => FileType.RegularFile,
        SquashFsInodeType.Symlink => FileType.SymbolicLink,
        SquashFsInodeType.BlockDevice => FileType.BlockDevice,
        SquashFsInodeType.CharacterDevice => FileType.CharacterDevice,
        SquashFsInodeType.Fifo => FileType.Fifo,
        _ => FileType.Socket,
    };

    /// <summary>The basic type (1–7) of a basic or extended inode type.</summary>
    private static SquashFsInodeType BasicType(SquashFsInodeType type) =>
        type >= SquashFsInodeType.ExtendedDirectory ? type - 7 : type;

    private void CheckInodeNumber(uint inodeNumber, long position)
    {
        if (inodeNumber == 0 || inodeNumber > SuperBlock.InodeCount)
        {
            throw Invalid(InodeStructure, position, $"inode number {inodeNumber} is not in 1…{SuperBlock.InodeCount}");
        }
    }

    private SquashFsNode ReadDirectoryInode(SquashFsNode common, ReadOnlySpan<byte> b, SquashFsNode? parent, long position)
    {
        bool extended = common.InodeType == SquashFsInodeType.ExtendedDirectory;
        uint fileSize = extended
            ? BinaryPrimitives.ReadUInt32LittleEndian(b[L.ExtendedDirectoryFileSize..])
            : BinaryPrimitives.ReadUInt16LittleEndian(b[L.DirectoryFileSize..]);
        int offset = BinaryPrimitives.ReadUInt16LittleEndian(b[(extended ? L.ExtendedDirectoryOffset : L.DirectoryOffset)..]);
        if (fileSize < L.DirectoryImplicitSize || offset >= L.MetadataBlockSize)
        {
            throw Invalid(InodeStructure, position, $"directory size {fileSize} or listing offset {offset} is invalid");
        }

        int depth = parent is null ? 0 : parent.Depth + 1;
        if (depth > SquashFsLimits.MaxDirectoryDepth)
        {
            throw Invalid(InodeStructure, position, $"directories nest deeper than {SquashFsLimits.MaxDirectoryDepth} levels");
        }

        for (SquashFsNode? ancestor = parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ancestor.InodeReference == common.InodeReference)
            {
                throw Invalid(InodeStructure, position, $"directory inode 0x{common.InodeReference:x} contains itself (directory cycle)");
            }
        }

        return new SquashFsNode
        {
            InodeReference = common.InodeReference,
            InodeType = common.InodeType,
            Type = common.Type,
            Permissions = common.Permissions,
            Uid = common.Uid,
            Gid = common.Gid,
            ModificationTimeSeconds = common.ModificationTimeSeconds,
            InodeNumber = common.InodeNumber,
            Size = fileSize,
            LinkCount = BinaryPrimitives.ReadUInt32LittleEndian(b[(extended ? L.ExtendedDirectoryLinkCount : L.DirectoryLinkCount)..]),
            Parent = parent,
            Depth = depth,
            ListingBlock = BinaryPrimitives.ReadUInt32LittleEndian(b[(extended ? L.ExtendedDirectoryStartBlock : L.DirectoryStartBlock)..]),
            ListingOffset = offset,
            ListingSize = fileSize - L.DirectoryImplicitSize,
        };
    }

    private SquashFsNode ReadFileInode(SquashFsNode common, ReadOnlySpan<byte> b, SquashFsMetadataCursor cursor, long position)
    {
        bool extended = common.InodeType == SquashFsInodeType.ExtendedFile;
        ulong start = extended ? BinaryPrimitives.ReadUInt64LittleEndian(b[L.ExtendedFileStartBlock..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[L.FileStartBlock..]);
        ulong size = extended ? BinaryPrimitives.ReadUInt64LittleEndian(b[L.ExtendedFileFileSize..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[L.FileFileSize..]);
        uint fragment = BinaryPrimitives.ReadUInt32LittleEndian(b[(extended ? L.ExtendedFileFragment : L.FileFragment)..]);
        uint fragmentOffset = BinaryPrimitives.ReadUInt32LittleEndian(b[(extended ? L.ExtendedFileFragmentOffset : L.FileFragmentOffset)..]);
        uint blockSize = (uint)SuperBlock.BlockSize;
        ulong tail = size % blockSize;
        if (tail == 0)
        {
            // Nothing is left for a fragment to hold.
            fragment = L.NoFragment;
        }

        ulong blocks = fragment == L.NoFragment ? (size / blockSize) + (tail == 0 ? 0UL : 1UL) : size / blockSize;
        if (blocks > SquashFsLimits.MaxFileBlocks)
        {
            throw new UnsupportedImageException(ImagePath,
                $"inode 0x{common.InodeReference:x}: file of {size} bytes has more than {SquashFsLimits.MaxFileBlocks} blocks");
        }

        if (fragment != L.NoFragment && (fragment >= SuperBlock.FragmentCount || fragmentOffset > blockSize - tail))
        {
            throw Invalid(InodeStructure, position, $"fragment {fragment} (offset {fragmentOffset}) is beyond the {SuperBlock.FragmentCount} fragments or the block size");
        }

        if (blocks > 0 && (start < L.SuperBlockSize || start >= (ulong)_region.Length))
        {
            throw Invalid(InodeStructure, position, $"data start {start} lies outside the image");
        }

        return new SquashFsNode
        {
            InodeReference = common.InodeReference,
            InodeType = common.InodeType,
            Type = common.Type,
            Permissions = common.Permissions,
            Uid = common.Uid,
            Gid = common.Gid,
            ModificationTimeSeconds = common.ModificationTimeSeconds,
            InodeNumber = common.InodeNumber,
            Size = (long)size,
            LinkCount = extended ? BinaryPrimitives.ReadUInt32LittleEndian(b[L.ExtendedFileLinkCount..]) : 1,
            DataStart = (long)start,
            FragmentIndex = fragment,
            FragmentOffset = fragmentOffset,
            BlockCount = (int)blocks,
            BlockListBlock = cursor.BlockPosition,
            BlockListOffset = cursor.Offset,
        };
    }

    private SquashFsNode ReadSymlinkInode(SquashFsNode common, ReadOnlySpan<byte> b, SquashFsMetadataCursor cursor, long position)
    {
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(b[L.SymlinkTargetSize..]);
        if (length == 0 || length > SquashFsLimits.MaxSymlinkTargetLength)
        {
            throw Invalid(InodeStructure, position, $"symbolic link target length {length} is not in 1…{SquashFsLimits.MaxSymlinkTargetLength}");
        }

        Span<byte> target = stackalloc byte[(int)length];
        cursor.Read(target);
        if (target.Contains((byte)0))
        {
            throw Invalid(InodeStructure, position, "symbolic link target contains a NUL byte");
        }

        return new SquashFsNode
        {
            InodeReference = common.InodeReference,
            InodeType = common.InodeType,
            Type = common.Type,
            Permissions = common.Permissions,
            Uid = common.Uid,
            Gid = common.Gid,
            ModificationTimeSeconds = common.ModificationTimeSeconds,
            InodeNumber = common.InodeNumber,
            Size = length,
            LinkCount = BinaryPrimitives.ReadUInt32LittleEndian(b[L.SymlinkLinkCount..]),
            Target = Encoding.UTF8.GetString(target),
        };
    }

    private static SquashFsNode ReadDeviceInode(SquashFsNode common, ReadOnlySpan<byte> b)
    {
        // Linux "new" dev_t encoding: minor bits 0-7 and 20-31, major bits 8-19.
        uint rdev = BinaryPrimitives.ReadUInt32LittleEndian(b[L.DeviceNumber..]);
        return new SquashFsNode
        {
            InodeReference = common.InodeReference,
            InodeType = common.InodeType,
            Type = common.Type,
            Permissions = common.Permissions,
            Uid = common.Uid,
            Gid = common.Gid,
            ModificationTimeSeconds = common.ModificationTimeSeconds,
            InodeNumber = common.InodeNumber,
            LinkCount = BinaryPrimitives.ReadUInt32LittleEndian(b[L.DeviceLinkCount..]),
            DeviceMajor = (rdev >> 8) & 0xFFF,
            DeviceMinor = (rdev & 0xFF) | ((rdev >> 12) & 0xFFF00),
        };
    }

    private static SquashFsNode WithIpcFields(SquashFsNode common, ReadOnlySpan<byte> b) => new()
    {
        InodeReference = common.InodeReference,
        InodeType = common.InodeType,
        Type = common.Type,
        Permissions = common.Permissions,
        Uid = common.Uid,
        Gid = common.Gid,
        ModificationTimeSeconds = common.ModificationTimeSeconds,
        InodeNumber = common.InodeNumber,
        LinkCount = BinaryPrimitives.ReadUInt32LittleEndian(b[L.IpcLinkCount..]),
    };
}
