// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using L = Portabled.Dissect.FileSystems.SquashFs.SquashFsLayout;

namespace Portabled.Dissect.FileSystems.SquashFs;

/*
 * Extended attributes (docs/image-readers.md "squashfs xattrs"). Written last, after the id table:
 *   xattr table        metadata blocks of entries and values, from xattr_table_start
 *   xattr id metadata  metadata blocks of 16-byte id entries (512 per block)
 *   xattr id table     at xattr_id_table_start: xattr_table_start u64, xattr_ids u32, unused u32,
 *                      then ⌈xattr_ids / 512⌉ u64 pointers to the id metadata blocks
 * An extended inode's xattr index i selects id entry i: reference u64 ((block offset from
 * xattr_table_start) << 16 | offset in the decompressed block), count u32, size u32 (not used).
 * At the reference, count entries follow each other, possibly across metadata blocks:
 *   type u16 (0 user., 1 trusted., 2 security.; bit 8: value out of line), name_size u16, name
 *   vsize u32, value[vsize]          or, out of line: vsize u32 = 8, value reference u64 → vsize u32, value
 * Unknown types are skipped, as the kernel's listxattr does.
 */
public sealed partial class SquashFsFileSystem
{
    private const string XattrIdStructure = "SquashFsXattrIdTable";
    private const string XattrStructure = "SquashFsXattrTable";
    private const int XattrIdsPerBlock = L.MetadataBlockSize / L.XattrIdEntrySize;

    // Boxed so that a reader on another thread sees either nothing or the whole header.
    private StrongBox<(long TableStart, uint Ids, long IdBlocksStart)>? _xattrTable;

    /// <inheritdoc />
    public IReadOnlyList<ExtendedAttribute> ListExtendedAttributes(FileSystemNode node)
    {
        SquashFsNode own = AsOwnNode(node);
        if (own.XattrIndex == L.NoXattr)
        {
            return [];
        }

        (long tableStart, uint ids, long idBlocksStart) = XattrTable();
        if (own.XattrIndex >= ids)
        {
            throw Invalid(XattrIdStructure, SuperBlock.XattrIdTableStart, $"inode 0x{own.InodeReference:x} names xattr id {own.XattrIndex}, beyond the {ids} ids");
        }

        (ulong reference, uint count) = ReadXattrId(own.XattrIndex, idBlocksStart);
        return ReadXattrEntries(reference, count, tableStart, idBlocksStart);
    }

    /// <inheritdoc />
    public bool TryGetExtendedAttribute(FileSystemNode node, string name, [NotNullWhen(true)] out byte[]? value) =>
        ExtendedAttributeList.TryFind(ListExtendedAttributes(node), name, out value);

    private static string? XattrPrefix(ushort type) =>
        (type & ~(L.XattrPrefixMask | L.XattrValueOutOfLine)) != 0 ? null : (type & L.XattrPrefixMask) switch
        {
            L.XattrTypeUser => "user.",
            L.XattrTypeTrusted => "trusted.",
            L.XattrTypeSecurity => "security.",
            _ => null,
        };

    /// <summary>The xattr id table header, read and validated on first use: (xattr_table_start, xattr_ids, first id block).</summary>
    private (long TableStart, uint Ids, long IdBlocksStart) XattrTable()
    {
        if (_xattrTable is { } table)
        {
            return table.Value;
        }

        long start = SuperBlock.XattrIdTableStart;
        if (start < 0)
        {
            throw Invalid(XattrIdStructure, L.SuperBlockXattrIdTableStart, "an inode has xattrs but the image has no xattr id table");
        }

        if (start < SuperBlock.DirectoryTableStart || start > SuperBlock.BytesUsed - L.XattrIdTableHeaderSize - L.TablePointerSize)
        {
            throw Invalid(XattrIdStructure, L.SuperBlockXattrIdTableStart, $"xattr id table at {start} lies outside [{SuperBlock.DirectoryTableStart}, {SuperBlock.BytesUsed})");
        }

        Span<byte> header = stackalloc byte[L.XattrIdTableHeaderSize];
        _region.ReadExactly(start, header, XattrIdStructure);
        ulong tableStart = BinaryPrimitives.ReadUInt64LittleEndian(header[L.XattrIdTableXattrTableStart..]);
        uint ids = BinaryPrimitives.ReadUInt32LittleEndian(header[L.XattrIdTableIdCount..]);
        long pointers = ((ids + (long)XattrIdsPerBlock - 1) / XattrIdsPerBlock) * L.TablePointerSize;
        if (ids == 0)
        {
            throw Invalid(XattrIdStructure, start, "the xattr id table holds no ids");
        }

        if (pointers > SuperBlock.BytesUsed - start - L.XattrIdTableHeaderSize)
        {
            throw Invalid(XattrIdStructure, start, $"{ids} xattr ids need {pointers} bytes of pointers, past bytes_used");
        }

        long firstIdBlock = ReadXattrIdPointer(0);
        if (tableStart < (ulong)SuperBlock.DirectoryTableStart || tableStart >= (ulong)firstIdBlock)
        {
            throw Invalid(XattrIdStructure, start, $"xattr_table_start {tableStart} lies outside [{SuperBlock.DirectoryTableStart}, {firstIdBlock})");
        }

        _xattrTable = new(((long)tableStart, ids, firstIdBlock));
        return _xattrTable.Value;
    }

    /// <summary>Pointer <paramref name="block"/> of the xattr id table: it must point between the directory table and the header.</summary>
    private long ReadXattrIdPointer(long block)
    {
        long position = checked(SuperBlock.XattrIdTableStart + L.XattrIdTableHeaderSize + (block * L.TablePointerSize));
        Span<byte> p = stackalloc byte[L.TablePointerSize];
        _region.ReadExactly(position, p, XattrIdStructure);
        ulong pointer = BinaryPrimitives.ReadUInt64LittleEndian(p);
        if (pointer < (ulong)SuperBlock.DirectoryTableStart || pointer >= (ulong)SuperBlock.XattrIdTableStart)
        {
            throw Invalid(XattrIdStructure, position, $"metadata block pointer {pointer} lies outside [{SuperBlock.DirectoryTableStart}, {SuperBlock.XattrIdTableStart})");
        }

        return (long)pointer;
    }

    /// <summary>Id entry <paramref name="index"/>: the reference of the inode's first xattr entry and the number of entries.</summary>
    private (ulong Reference, uint Count) ReadXattrId(uint index, long idBlocksStart)
    {
        long pointer = ReadXattrIdPointer(index / XattrIdsPerBlock);
        if (pointer < idBlocksStart)
        {
            throw Invalid(XattrIdStructure, pointer, $"xattr id metadata block at {pointer} lies before the first one at {idBlocksStart}");
        }

        SquashFsBlock block = ReadMetadataBlock(pointer, SuperBlock.XattrIdTableStart, XattrIdStructure);
        int offset = (int)(index % XattrIdsPerBlock) * L.XattrIdEntrySize;
        if (offset > block.Length - L.XattrIdEntrySize)
        {
            throw Invalid(XattrIdStructure, pointer, $"xattr id {index} lies beyond the {block.Length}-byte metadata block");
        }

        ReadOnlySpan<byte> entry = block.Span.Slice(offset, L.XattrIdEntrySize);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(entry[L.XattrIdEntryCount..]);
        if (count > ExtendedAttributeLimits.MaxAttributesPerNode)
        {
            throw Invalid(XattrIdStructure, pointer, $"xattr id {index} has {count} entries, more than {ExtendedAttributeLimits.MaxAttributesPerNode}");
        }

        return (BinaryPrimitives.ReadUInt64LittleEndian(entry[L.XattrIdEntryReference..]), count);
    }

    private IReadOnlyList<ExtendedAttribute> ReadXattrEntries(ulong reference, uint count, long tableStart, long tableEnd)
    {
        var list = new ExtendedAttributeList((position, problem) => Invalid(XattrStructure, position, problem));
        SquashFsMetadataCursor cursor = XattrCursor(reference, tableStart, tableEnd);
        Span<byte> header = stackalloc byte[L.XattrEntryHeaderSize];
        Span<byte> name = stackalloc byte[ExtendedAttributeLimits.MaxNameLength];
        for (uint i = 0; i < count; i++)
        {
            long position = cursor.BlockPosition;
            cursor.Read(header);
            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(header);
            int nameSize = BinaryPrimitives.ReadUInt16LittleEndian(header[2..]);
            string? prefix = XattrPrefix(type);
            if (prefix is null)
            {
                cursor.Skip(nameSize);
                SkipXattrValue(cursor, position);
                continue;
            }

            if (nameSize > name.Length - prefix.Length)
            {
                throw Invalid(XattrStructure, position, $"xattr name of {prefix.Length + nameSize} bytes exceeds {ExtendedAttributeLimits.MaxNameLength}");
            }

            cursor.Read(name[..nameSize]);
            byte[] value = (type & L.XattrValueOutOfLine) != 0
                ? ReadOutOfLineValue(cursor, list, prefix.Length + nameSize, position, tableStart, tableEnd)
                : ReadXattrValue(cursor, list, prefix.Length + nameSize, position);
            list.Add(prefix, name[..nameSize], value, position);
        }

        return list.Attributes;
    }

    private SquashFsMetadataCursor XattrCursor(ulong reference, long tableStart, long tableEnd)
    {
        ulong block = reference >> 16;
        int offset = (int)(reference & 0xFFFF);
        long tableSize = tableEnd - tableStart;
        if (block >= (ulong)tableSize || offset >= L.MetadataBlockSize)
        {
            throw Invalid(XattrStructure, tableStart, $"xattr reference 0x{reference:x} lies outside the {tableSize}-byte xattr table");
        }

        return new SquashFsMetadataCursor(this, tableStart + (long)block, tableEnd, offset, XattrStructure);
    }

    private uint ReadValueSize(SquashFsMetadataCursor cursor, long position)
    {
        Span<byte> size = stackalloc byte[L.XattrValueHeaderSize];
        cursor.Read(size);
        uint vsize = BinaryPrimitives.ReadUInt32LittleEndian(size);
        if (vsize > ExtendedAttributeLimits.MaxValueSize)
        {
            throw Invalid(XattrStructure, position, $"xattr value of {vsize} bytes exceeds {ExtendedAttributeLimits.MaxValueSize}");
        }

        return vsize;
    }

    private void SkipXattrValue(SquashFsMetadataCursor cursor, long position) => cursor.Skip(ReadValueSize(cursor, position));

    private byte[] ReadXattrValue(SquashFsMetadataCursor cursor, ExtendedAttributeList list, int nameLength, long position)
    {
        uint vsize = ReadValueSize(cursor, position);
        list.Reserve(nameLength, vsize, position);
        byte[] value = new byte[vsize];
        cursor.Read(value);
        return value;
    }

    /// <summary>An out-of-line value: the entry holds an 8-byte reference to a value stored elsewhere in the xattr table.</summary>
    private byte[] ReadOutOfLineValue(SquashFsMetadataCursor cursor, ExtendedAttributeList list, int nameLength, long position, long tableStart, long tableEnd)
    {
        if (ReadValueSize(cursor, position) != L.XattrOutOfLineReferenceSize)
        {
            throw Invalid(XattrStructure, position, $"out-of-line xattr value reference is not {L.XattrOutOfLineReferenceSize} bytes");
        }

        Span<byte> reference = stackalloc byte[L.XattrOutOfLineReferenceSize];
        cursor.Read(reference);
        SquashFsMetadataCursor target = XattrCursor(BinaryPrimitives.ReadUInt64LittleEndian(reference), tableStart, tableEnd);
        return ReadXattrValue(target, list, nameLength, target.BlockPosition);
    }
}
