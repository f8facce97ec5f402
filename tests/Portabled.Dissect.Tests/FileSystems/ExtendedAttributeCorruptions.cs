// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using Portabled.Dissect.Tests.FileSystems.Ext4;

namespace Portabled.Dissect.Tests.FileSystems;

/// <summary>
/// The named hostile images of <see cref="ExtendedAttributeCorruptionTests"/>: one field of one xattr
/// structure of a pristine fixture image patched, with the exception and message part expected when
/// every node's attributes are listed.
/// </summary>
internal static class ExtendedAttributeCorruptions
{
    private const string SquashFs = "squashfs-uncompressed";
    private const string Ext4 = "ext4-nocsum";
    private const string Ext4Checksummed = "ext4";
    private const string Erofs = "erofs-shared";
    private static readonly Type Invalid = typeof(InvalidImageException);
    private static readonly Type Unsupported = typeof(UnsupportedImageException);

    public static IReadOnlyDictionary<string, ExtendedAttributeCorruption> All { get; } = new Dictionary<string, ExtendedAttributeCorruption>(StringComparer.Ordinal)
    {
        ["squashfs-id-table-beyond-bytes-used"] = new(SquashFs, (m, p) => U64(p, 56, (ulong)new FileInfo(p).Length), Invalid, "xattr id table at"),
        ["squashfs-no-ids"] = new(SquashFs, (m, p) => U32(p, m.SquashFsXattrIdTable + 8, 0), Invalid, "holds no ids"),
        ["squashfs-ids-past-bytes-used"] = new(SquashFs, (m, p) => U32(p, m.SquashFsXattrIdTable + 8, uint.MaxValue), Invalid, "past bytes_used"),
        ["squashfs-table-start-after-id-blocks"] = new(SquashFs, (m, p) => U64(p, m.SquashFsXattrIdTable, (ulong)m.SquashFsFirstIdBlock), Invalid, "xattr_table_start"),
        ["squashfs-id-pointer-out-of-range"] = new(SquashFs, (m, p) => U64(p, m.SquashFsXattrIdTable + 16, 0), Invalid, "metadata block pointer 0"),
        ["squashfs-inode-index-beyond-ids"] = new(SquashFs, (m, p) => U32(p, m.SquashFsInode("/user") + 52, 1000), Invalid, "names xattr id 1000"),
        ["squashfs-count-absurd"] = new(SquashFs, (m, p) => U32(p, m.SquashFsXattrId("/user") + 8, uint.MaxValue), Invalid, "more than 8192"),
        ["squashfs-reference-beyond-table"] = new(SquashFs, (m, p) => U64(p, m.SquashFsXattrId("/user"), 0x7FFF_0000_0000), Invalid, "xattr reference 0x7fff00000000"),
        ["squashfs-name-too-long"] = new(SquashFs, (m, p) => U16(p, m.SquashFsFirstEntry("/user") + 2, 300), Invalid, "exceeds 255"),
        ["squashfs-value-too-large"] = new(SquashFs, (m, p) => U32(p, SquashFsValueSize(m, "/user"), 0x10001), Invalid, "65537 bytes exceeds 65536"),
        ["squashfs-out-of-line-size"] = new(SquashFs, (m, p) => U32(p, SquashFsOutOfLineValue(m, "/big2"), 9), Invalid, "not 8 bytes"),
        ["squashfs-out-of-line-reference-beyond-table"] = new(SquashFs, (m, p) => U64(p, SquashFsOutOfLineValue(m, "/big2") + 4, 0x7FFF_0000_0000), Invalid, "xattr reference"),
        ["ext4-block-bad-magic"] = new(Ext4, (m, p) => U32(p, m.Ext4XattrBlock("/big"), 0), Invalid, "bad magic or h_blocks"),
        ["ext4-block-two-blocks"] = new(Ext4, (m, p) => U32(p, m.Ext4XattrBlock("/big") + 8, 2), Invalid, "bad magic or h_blocks"),
        ["ext4-block-checksum"] = new(Ext4Checksummed, (m, p) => Flip(p, m.Ext4XattrBlock("/big") + 4095), Invalid, "checksum 0x"),
        ["ext4-file-acl-beyond-file-system"] = new(Ext4, (m, p) => U32(p, m.Ext4Inode("/big") + 0x68, 0xFFFFFF), Invalid, "i_file_acl 16777215"),
        ["ext4-block-value-inside-entry-table"] = new(Ext4, (m, p) => U16(p, m.Ext4XattrBlock("/big") + 32 + 2, 4), Invalid, "lies outside"),
        ["ext4-block-value-too-large"] = new(Ext4, (m, p) => U32(p, m.Ext4XattrBlock("/big") + 32 + 8, 0x20000), Invalid, "more than 65536"),
        ["ext4-inode-entry-runs-past-inode"] = new(Ext4, (m, p) => U8(p, m.Ext4FirstInodeEntry("/user"), 250), Invalid, "runs past the end"),
        ["ext4-inode-value-in-ea-inode"] = new(Ext4, (m, p) => U32(p, m.Ext4FirstInodeEntry("/user") + 4, 5), Unsupported, "ea_inode"),
        ["ext4-acl-bad-version"] = new(Ext4, (m, p) => U32(p, Ext4AclValue(m), 7), Invalid, "ACL version 1 header"),
        ["ext4-acl-unknown-tag"] = new(Ext4, (m, p) => U16(p, Ext4AclValue(m) + 4, 0x40), Invalid, "unknown tag 0x40"),
        ["ext4-acl-cut-short"] = new(Ext4, (m, p) => U32(p, m.Ext4FirstInodeEntry("/acl") + 8, 6), Invalid, "cut short"),
        ["erofs-shared-count-beyond-area"] = new(Erofs, (m, p) => U8(p, m.ErofsXattrArea("/user") + 4, 255), Invalid, "do not fit"),
        ["erofs-shared-id-beyond-file-system"] = new(Erofs, (m, p) => U32(p, ErofsFirstSharedId(m, "/big"), 0xFFFFFF), Invalid, "shared xattr 16777215 lies beyond"),
        ["erofs-inline-entry-runs-past-area"] = new(Erofs, (m, p) => U16(p, m.ErofsXattrArea("/user") + 12 + 2, 0xFFFF), Invalid, "runs past the xattr area"),
        ["erofs-long-prefix"] = new(Erofs, (m, p) => U8(p, m.ErofsXattrArea("/user") + 12 + 1, 0x81), Unsupported, "long name prefix"),
        ["erofs-shared-entry-runs-past-file-system"] = new(Erofs, (m, p) => U16(p, m.ErofsSharedArea + 2, 0xFFFF), Invalid, "runs past the file system"),
    };

    /// <summary>The vsize field of the first entry of <paramref name="path"/> (which must not be out of line).</summary>
    private static long SquashFsValueSize(ExtendedAttributeImageMap m, string path)
    {
        long entry = m.SquashFsFirstEntry(path);
        Assert.Equal(0, m.U16(entry) & 0x100);
        return entry + 4 + m.U16(entry + 2);
    }

    /// <summary>The vsize field of the first out-of-line entry of <paramref name="path"/>.</summary>
    private static long SquashFsOutOfLineValue(ExtendedAttributeImageMap m, string path)
    {
        long entry = m.SquashFsFirstEntry(path);
        for (int i = 0; i < 16; i++)
        {
            long value = entry + 4 + m.U16(entry + 2);
            if ((m.U16(entry) & 0x100) != 0)
            {
                return value;
            }

            entry = value + 4 + (long)(m.U64(value) & 0xFFFFFFFF);
        }

        throw new InvalidOperationException($"{path} has no out-of-line xattr value");
    }

    /// <summary>The value of the in-inode ACL entry of /acl (value offsets count from the first entry).</summary>
    private static long Ext4AclValue(ExtendedAttributeImageMap m)
    {
        long entry = m.Ext4FirstInodeEntry("/acl");
        return entry + m.U16(entry + 2);
    }

    private static long ErofsFirstSharedId(ExtendedAttributeImageMap m, string path)
    {
        long area = m.ErofsXattrArea(path);
        Assert.True((m.U16(area + 4) & 0xFF) > 0, $"{path} has no shared xattrs");
        return area + 12;
    }

    private static void U8(string path, long position, byte value) => Ext4TestImages.Patch(path, position, [value]);

    private static void U16(string path, long position, ushort value) => Ext4TestImages.PatchUInt16(path, position, value);

    private static void U32(string path, long position, uint value) => Ext4TestImages.PatchUInt32(path, position, value);

    private static void U64(string path, long position, ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        Ext4TestImages.Patch(path, position, b);
    }

    private static void Flip(string path, long position)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        Span<byte> b = stackalloc byte[1];
        RandomAccess.Read(handle, b, position);
        b[0] ^= 0xFF;
        RandomAccess.Write(handle, b, position);
    }
}
