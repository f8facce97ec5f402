// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Portabled.Dissect.FileSystems.Erofs;

/*
 * Extended attributes (erofs_fs.h; docs/image-readers.md "erofs xattrs"). An inode with
 * i_xattr_icount > 0 is followed by 12 + 4 × (icount − 1) bytes:
 *   erofs_xattr_ibody_header  0 h_name_filter u32 (a lookup hint, not needed)  4 h_shared_count u8
 *                             5 reserved[7]   12 h_shared_xattrs u32[h_shared_count]
 *   then inline entries up to the end of the area, each padded to 4 bytes:
 *     0 e_name_len u8   1 e_name_index u8   2 e_value_size u16   4 name   value
 * A shared xattr id n names one entry of the same layout at xattr_blkaddr × block size + 4 × n.
 * Listing order is the kernel's: inline entries, then shared ones. Name indexes: 1 "user.",
 * 2 "system.posix_acl_access", 3 "system.posix_acl_default", 4 "trusted.", 5 "lustre.",
 * 6 "security."; ACL values are already in the kernel's xattr format. Other indexes are skipped
 * (the kernel lists none of them); bit 7 selects a long prefix (erofs-utils 1.6+), refused as unsupported.
 */
public sealed partial class ErofsFileSystem
{
    /// <inheritdoc />
    public IReadOnlyList<ExtendedAttribute> ListExtendedAttributes(FileSystemNode node)
    {
        ErofsInode inode = AsErofs(node).Inode;
        if (inode.XattrSize == 0)
        {
            return [];
        }

        long areaStart = inode.Position + inode.InodeSize;
        InvalidImageException Bad(long position, string problem) =>
            new(Region.ImagePath, string.Create(CultureInfo.InvariantCulture, $"erofs inode {inode.Nid} xattrs"), Region.Offset + position, problem);

        byte[] area = new byte[inode.XattrSize];
        Region.ReadExactly(areaStart, area, "erofs xattr area");
        int shared = area[ErofsLayout.XattrSharedCount];
        int inlineStart = ErofsLayout.XattrHeaderSize + (shared * ErofsLayout.XattrSlotSize);
        if (inlineStart > area.Length)
        {
            throw Bad(areaStart, string.Create(CultureInfo.InvariantCulture, $"{shared} shared xattr ids do not fit in the {area.Length}-byte xattr area"));
        }

        var list = new ExtendedAttributeList(Bad);
        for (int position = inlineStart; position < area.Length;)
        {
            if (area.Length - position < ErofsLayout.XattrEntryHeaderSize)
            {
                throw Bad(areaStart + position, "inline xattr entry header runs past the xattr area");
            }

            int size = EntrySize(area.AsSpan(position));
            if (size > area.Length - position)
            {
                throw Bad(areaStart + position, string.Create(CultureInfo.InvariantCulture, $"inline xattr entry of {size} bytes runs past the xattr area"));
            }

            AddEntry(list, area.AsSpan(position, size), areaStart + position);
            position += size;
        }

        for (int i = 0; i < shared; i++)
        {
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(area.AsSpan(ErofsLayout.XattrHeaderSize + (i * ErofsLayout.XattrSlotSize)));
            AddSharedEntry(list, id, Bad);
        }

        return list.Attributes;
    }

    /// <inheritdoc />
    public bool TryGetExtendedAttribute(FileSystemNode node, string name, [NotNullWhen(true)] out byte[]? value) =>
        ExtendedAttributeList.TryFind(ListExtendedAttributes(node), name, out value);

    private static string? XattrPrefix(byte index) => index switch
    {
        1 => "user.",
        2 => "system.posix_acl_access",
        3 => "system.posix_acl_default",
        4 => "trusted.",
        5 => "lustre.",
        6 => "security.",
        _ => null,
    };

    /// <summary>Size of the entry whose 4-byte header starts <paramref name="header"/>, padding included.</summary>
    private static int EntrySize(ReadOnlySpan<byte> header) =>
        (ErofsLayout.XattrEntryHeaderSize + header[ErofsLayout.XattrEntryNameLength]
            + BinaryPrimitives.ReadUInt16LittleEndian(header[ErofsLayout.XattrEntryValueSize..]) + 3) & ~3;

    private void AddSharedEntry(ExtendedAttributeList list, uint id, Func<long, string, InvalidImageException> bad)
    {
        long position = ((long)SuperBlock.XattrBlockAddress << SuperBlock.BlockSizeBits) + (id * (long)ErofsLayout.XattrSlotSize);
        if (position > Region.Length - ErofsLayout.XattrEntryHeaderSize)
        {
            throw bad(position, string.Create(CultureInfo.InvariantCulture, $"shared xattr {id} lies beyond the {Region.Length}-byte file system"));
        }

        Span<byte> header = stackalloc byte[ErofsLayout.XattrEntryHeaderSize];
        Region.ReadExactly(position, header, "erofs shared xattr");
        // The last entry of the area need not be padded: only name and value must be inside.
        int length = ErofsLayout.XattrEntryHeaderSize + header[ErofsLayout.XattrEntryNameLength]
            + BinaryPrimitives.ReadUInt16LittleEndian(header[ErofsLayout.XattrEntryValueSize..]);
        if (length > Region.Length - position)
        {
            throw bad(position, string.Create(CultureInfo.InvariantCulture, $"shared xattr {id} of {length} bytes runs past the file system"));
        }

        byte[] entry = new byte[length];
        Region.ReadExactly(position, entry, "erofs shared xattr");
        AddEntry(list, entry, position);
    }

    /// <summary>Adds the entry held by <paramref name="entry"/> (header, name, value and maybe padding), at <paramref name="position"/>.</summary>
    private void AddEntry(ExtendedAttributeList list, ReadOnlySpan<byte> entry, long position)
    {
        byte index = entry[ErofsLayout.XattrEntryNameIndex];
        if ((index & ErofsLayout.XattrLongPrefix) != 0)
        {
            throw new UnsupportedImageException(Region.ImagePath, string.Create(CultureInfo.InvariantCulture,
                $"erofs xattr at byte {Region.Offset + position} uses a long name prefix, which this reader does not implement"));
        }

        string? prefix = XattrPrefix(index);
        if (prefix is null)
        {
            return;
        }

        int nameLength = entry[ErofsLayout.XattrEntryNameLength];
        int valueSize = BinaryPrimitives.ReadUInt16LittleEndian(entry[ErofsLayout.XattrEntryValueSize..]);
        list.Reserve(prefix.Length + nameLength, valueSize, position);
        ReadOnlySpan<byte> name = entry.Slice(ErofsLayout.XattrEntryHeaderSize, nameLength);
        list.Add(prefix, name, entry.Slice(ErofsLayout.XattrEntryHeaderSize + nameLength, valueSize).ToArray(), position);
    }
}
