// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Extended attributes (disk layout "Extended Attributes"), read from two places in this order, as
 * the kernel's listxattr does:
 *   in the inode: at 0x80 + i_extra_isize, h_magic u32 (0xEA020000), then the entries; value
 *     offsets count from the first entry; the area ends with the inode (s_inode_size);
 *   in the block i_file_acl (one block): ext4_xattr_header (32 bytes) 0x00 h_magic u32,
 *     0x04 h_refcount u32, 0x08 h_blocks u32 (must be 1), 0x0C h_hash u32, 0x10 h_checksum u32
 *     (metadata_csum: crc32c(seed, le64 block number, the block with h_checksum zeroed)),
 *     0x14 reserved; entries from 0x20; value offsets count from the block start.
 * Entry (16 bytes + name, padded to 4): 0x00 e_name_len u8, 0x01 e_name_index u8,
 *   0x02 e_value_offs u16, 0x04 e_value_inum u32 (ea_inode: the value is that inode's data),
 *   0x08 e_value_size u32, 0x0C e_hash u32, 0x10 e_name. The table ends with 4 zero bytes; values
 *   lie after it, inside the area.
 * Name indexes (e2fsprogs' table): 1 "user.", 2 "system.posix_acl_access", 3 "system.posix_acl_default",
 *   4 "trusted.", 5 "lustre.", 6 "security.", 7 "system.", 8 "system.richacl", 10 "gnu.". Other
 *   indexes (9 is the encryption context) are not listed, as the kernel lists none of them; neither
 *   is "system.data", the body of inline data (Ext4FileSystem.InlineData.cs). ACL values are
 *   converted to the xattr format (Ext4PosixAcl).
 */
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Portabled.Dissect.Checksums;

namespace Portabled.Dissect.FileSystems.Ext4;

public sealed partial class Ext4FileSystem
{
    private const string XattrBlockStructure = "ext4 xattr block";

    /// <inheritdoc />
    public IReadOnlyList<ExtendedAttribute> ListExtendedAttributes(FileSystemNode node)
    {
        Ext4Inode inode = AsExt4(node).Inode;
        var list = new ExtendedAttributeList((_, problem) => BadXattr(inode, problem));
        ReadOnlySpan<byte> area = inode.XattrArea;
        if (HasInodeXattrs(area))
        {
            int first = Ext4Layout.XattrInodeHeaderSize;
            foreach (Ext4XattrEntry entry in ReadXattrEntries(area, first, first, problem => BadXattr(inode, problem)))
            {
                AddXattr(list, inode, area, entry, problem => BadXattr(inode, problem));
            }
        }

        if (inode.FileAcl != 0)
        {
            (byte[] block, long position) = ReadXattrBlock(inode);
            InvalidImageException BadBlock(string problem) => new(ImagePath, XattrBlockStructure, position, $"inode {inode.Number}: {problem}");
            foreach (Ext4XattrEntry entry in ReadXattrEntries(block, Ext4Layout.XattrBlockHeaderSize, 0, BadBlock))
            {
                AddXattr(list, inode, block, entry, BadBlock);
            }
        }

        return list.Attributes;
    }

    /// <inheritdoc />
    public bool TryGetExtendedAttribute(FileSystemNode node, string name, [NotNullWhen(true)] out byte[]? value) =>
        ExtendedAttributeList.TryFind(ListExtendedAttributes(node), name, out value);

    private static bool HasInodeXattrs(ReadOnlySpan<byte> area) =>
        area.Length >= Ext4Layout.XattrInodeHeaderSize && BinaryPrimitives.ReadUInt32LittleEndian(area) == Ext4Layout.XattrMagic;

    private static string? XattrPrefix(byte index) => index switch
    {
        1 => "user.",
        2 => "system.posix_acl_access",
        3 => "system.posix_acl_default",
        4 => "trusted.",
        5 => "lustre.",
        6 => "security.",
        7 => "system.",
        8 => "system.richacl",
        10 => "gnu.",
        _ => null,
    };

    /// <summary>
    /// The entries of one xattr area: the table starts at <paramref name="first"/> and ends with 4
    /// zero bytes; value offsets count from <paramref name="valueBase"/>; every value must lie after
    /// the table and inside the area (ea_inode values are not in the area and are not checked here).
    /// </summary>
    private static List<Ext4XattrEntry> ReadXattrEntries(ReadOnlySpan<byte> area, int first, int valueBase, Func<string, InvalidImageException> bad)
    {
        var entries = new List<Ext4XattrEntry>();
        int position = first;
        while (true)
        {
            if (area.Length - position < 4)
            {
                throw bad(string.Create(CultureInfo.InvariantCulture, $"entry table runs past the end of its {area.Length}-byte area"));
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(area[position..]) == 0)
            {
                break;
            }

            ReadOnlySpan<byte> e = area[position..];
            int nameLength = e.Length >= Ext4Layout.XattrEntryHeaderSize ? e[Ext4Layout.XattrEntryNameLen] : 0;
            int entrySize = (Ext4Layout.XattrEntryHeaderSize + nameLength + 3) & ~3;
            if (e.Length < Ext4Layout.XattrEntryHeaderSize || entrySize > e.Length - 4)
            {
                throw bad(string.Create(CultureInfo.InvariantCulture, $"entry at byte {position} runs past the end of its {area.Length}-byte area"));
            }

            if (entries.Count >= ExtendedAttributeLimits.MaxAttributesPerNode)
            {
                throw bad(string.Create(CultureInfo.InvariantCulture, $"more than {ExtendedAttributeLimits.MaxAttributesPerNode} entries"));
            }

            int offset = BinaryPrimitives.ReadUInt16LittleEndian(e[Ext4Layout.XattrEntryValueOffs..]);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(e[Ext4Layout.XattrEntryValueSize..]);
            uint valueInode = BinaryPrimitives.ReadUInt32LittleEndian(e[Ext4Layout.XattrEntryValueInum..]);
            if (size > ExtendedAttributeLimits.MaxValueSize)
            {
                throw bad(string.Create(CultureInfo.InvariantCulture, $"entry at byte {position} has a {size}-byte value, more than {ExtendedAttributeLimits.MaxValueSize}"));
            }

            entries.Add(new Ext4XattrEntry(position, e[Ext4Layout.XattrEntryNameIndex], position + Ext4Layout.XattrEntryHeaderSize, nameLength,
                valueBase + offset, (int)size, valueInode));
            position += entrySize;
        }

        int tableEnd = position + 4;
        foreach (Ext4XattrEntry entry in entries)
        {
            if (entry.ValueInode == 0 && entry.ValueSize > 0 && (entry.ValueStart < tableEnd || entry.ValueSize > area.Length - entry.ValueStart))
            {
                throw bad(string.Create(CultureInfo.InvariantCulture,
                    $"value of the entry at byte {entry.Offset} ({entry.ValueSize} bytes at {entry.ValueStart}) lies outside [{tableEnd}, {area.Length})"));
            }
        }

        return entries;
    }

    private void AddXattr(ExtendedAttributeList list, Ext4Inode inode, ReadOnlySpan<byte> area, Ext4XattrEntry entry, Func<string, InvalidImageException> bad)
    {
        ReadOnlySpan<byte> name = area.Slice(entry.NameStart, entry.NameLength);
        string? prefix = XattrPrefix(entry.NameIndex);
        if (prefix is null || (entry.NameIndex == Ext4Layout.XattrIndexSystem && name.SequenceEqual(DataName)))
        {
            return;
        }

        if (entry.ValueInode != 0)
        {
            throw new UnsupportedImageException(ImagePath, string.Create(CultureInfo.InvariantCulture,
                $"extended attribute of inode {inode.Number} lives in an extended attribute inode (ea_inode), which this reader does not implement."));
        }

        list.Reserve(prefix.Length + entry.NameLength, entry.ValueSize, -1);
        ReadOnlySpan<byte> value = entry.ValueSize == 0 ? [] : area.Slice(entry.ValueStart, entry.ValueSize);
        byte[] bytes = entry.NameIndex is Ext4Layout.XattrIndexPosixAclAccess or Ext4Layout.XattrIndexPosixAclDefault
            ? Ext4PosixAcl.ToXattr(value, bad)
            : value.ToArray();
        list.Add(prefix, name, bytes, -1);
    }

    /// <summary>The xattr block of <paramref name="inode"/>, validated (magic, h_blocks, checksum), and its absolute byte offset.</summary>
    private (byte[] Block, long Position) ReadXattrBlock(Ext4Inode inode)
    {
        ulong number = inode.FileAcl;
        if (number <= _sb.FirstDataBlock || number >= (ulong)_sb.BlocksCount)
        {
            throw BadXattr(inode, string.Create(CultureInfo.InvariantCulture, $"i_file_acl {number} lies outside the {_sb.BlocksCount}-block file system"));
        }

        byte[] block = _cache.Get((long)number, XattrBlockStructure);
        long position = checked(_region.Offset + ((long)number * _sb.BlockSize));
        if (BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(Ext4Layout.XattrBlockMagic)) != Ext4Layout.XattrMagic
            || BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(Ext4Layout.XattrBlockBlocks)) != 1)
        {
            throw new InvalidImageException(ImagePath, XattrBlockStructure, position, $"inode {inode.Number}: bad magic or h_blocks");
        }

        if (_sb.HasMetadataChecksums)
        {
            Span<byte> blockNumber = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(blockNumber, number);
            uint crc = Crc32C.Update(_sb.ChecksumSeed, blockNumber);
            crc = Crc32C.Update(crc, block.AsSpan(0, Ext4Layout.XattrBlockChecksum));
            crc = Crc32C.UpdateUInt32(crc, 0);
            crc = Crc32C.Update(crc, block.AsSpan(Ext4Layout.XattrBlockChecksum + 4));
            uint stored = BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(Ext4Layout.XattrBlockChecksum));
            if (crc != stored)
            {
                throw new InvalidImageException(ImagePath, XattrBlockStructure, position,
                    string.Create(CultureInfo.InvariantCulture, $"inode {inode.Number}: checksum 0x{crc:x8} does not match the stored 0x{stored:x8}"));
            }
        }

        return (block, position);
    }
}
