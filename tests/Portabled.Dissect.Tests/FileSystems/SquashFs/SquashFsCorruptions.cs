// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;

namespace Portabled.Dissect.Tests.FileSystems.SquashFs;

/// <summary>The named hostile images of <see cref="SquashFsCorruptionTests"/>.</summary>
internal static class SquashFsCorruptions
{
    private static readonly Type Invalid = typeof(InvalidImageException);
    private static readonly Type Unsupported = typeof(UnsupportedImageException);

    public static IReadOnlyDictionary<string, SquashFsCorruption> All { get; } = new Dictionary<string, SquashFsCorruption>(StringComparer.Ordinal)
    {
        ["truncated-to-0"] = new(m => m.Bytes[..0], Invalid, "smaller than the superblock"),
        ["truncated-to-50"] = new(m => m.Bytes[..50], Invalid, "smaller than the superblock"),
        ["truncated-in-data"] = new(m => m.Bytes[..200], Invalid, "bytes_used"),
        ["truncated-at-half"] = new(m => m.Bytes[..(int)(m.SuperBlock.BytesUsed / 2)], Invalid, "bytes_used"),
        ["truncated-one-byte-short"] = new(m => m.Bytes[..(int)(m.SuperBlock.BytesUsed - 1)], Invalid, "bytes_used"),
        ["bad-magic"] = new(m => Patch(m, () => m.U32(0, 0x71736873)), Invalid, "bad magic"),
        ["version-3.1"] = new(m => Patch(m, () => { m.U16(28, 3); m.U16(30, 1); }), Unsupported, "version 3.1"),
        ["compressor-unknown"] = new(m => Patch(m, () => m.U16(20, 9)), Unsupported, "compressor id 9"),
        ["block-size-not-power-of-two"] = new(m => Patch(m, () => m.U32(12, 3000)), Invalid, "block_size 3000"),
        ["block-size-2m"] = new(m => Patch(m, () => { m.U32(12, 2 << 20); m.U16(22, 21); }), Invalid, "block_size 2097152"),
        ["block-size-garbage"] = new(m => Patch(m, () => m.U32(12, 0xDEADBEEF)), Invalid, "block_size 3735928559"),
        ["block-log-mismatch"] = new(m => Patch(m, () => m.U16(22, 11)), Invalid, "block_log 11"),
        ["no-inodes"] = new(m => Patch(m, () => m.U32(4, 0)), Invalid, "no inodes"),
        ["bytes-used-beyond-end"] = new(m => Patch(m, () => m.U64(40, ulong.MaxValue)), Invalid, "bytes_used"),
        ["id-table-beyond-end"] = new(m => Patch(m, () => m.U64(48, (ulong)m.Bytes.Length + 8)), Invalid, "id_table_start"),
        ["id-table-before-directory-table"] = new(m => Patch(m, () => m.U64(48, 100)), Invalid, "id table index"),
        ["fragment-table-beyond-end"] = new(m => Patch(m, () => m.U64(80, (ulong)m.SuperBlock.BytesUsed - 4)), Invalid, "fragment table index"),
        ["inode-table-after-directory-table"] = new(m => Patch(m, () => m.U64(64, (ulong)m.SuperBlock.DirectoryTableStart + 1)), Invalid, "out of order"),
        ["inode-table-in-superblock"] = new(m => Patch(m, () => m.U64(64, 10)), Invalid, "out of order"),
        ["root-inode-offset-out-of-range"] = new(m => Patch(m, () => m.U64(32, (m.SuperBlock.RootInode & ~0xFFFFUL) | 0xFFFF)), Invalid, "root inode reference"),
        ["root-inode-block-beyond-table"] = new(m => Patch(m, () => m.U64(32, 0x7FFF_0000_0000)), Invalid, "root inode reference"),
        ["root-inode-offset-beyond-block"] = new(m => Patch(m, () => m.U64(32, 8000)), Invalid, "beyond the"),
        ["metadata-block-too-long"] = new(m => Patch(m, () => m.U16((int)m.SuperBlock.InodeTableStart, 0x8000 | 9000)), Invalid, "metadata block length 9000"),
        ["metadata-block-empty"] = new(m => Patch(m, () => m.U16((int)m.SuperBlock.InodeTableStart, 0x8000)), Invalid, "metadata block length 0"),
        ["fragment-pointer-out-of-range"] = new(m => Patch(m, () => m.U64((int)m.SuperBlock.FragmentTableStart, 0)), Invalid, "metadata block pointer 0"),
        ["id-pointer-out-of-range"] = new(m => Patch(m, () => m.U64((int)m.SuperBlock.IdTableStart, ulong.MaxValue)), Invalid, "metadata block pointer"),
        ["fragment-entry-too-large"] = new(m => Patch(m, () => m.U32(FragmentEntry(m) + 8, 0x10000)), Invalid, "invalid size field 0x10000"),
        ["fragment-entry-beyond-end"] = new(m => Patch(m, () => m.U64(FragmentEntry(m), (ulong)m.SuperBlock.BytesUsed - 2)), Invalid, "lies outside the image"),
        ["inode-type-unknown"] = new(m => Patch(m, () => m.U16(m.Inode("/file-5k"), 99)), Invalid, "unknown inode type 99"),
        ["inode-number-zero"] = new(m => Patch(m, () => m.U32(m.Inode("/file-5k") + 12, 0)), Invalid, "inode number 0"),
        ["inode-number-beyond-count"] = new(m => Patch(m, () => m.U32(m.Inode("/file-5k") + 12, 100_000)), Invalid, "inode number 100000"),
        ["id-index-out-of-range"] = new(m => Patch(m, () => m.U16(m.Inode("/file-5k") + 4, 0x7FFF)), Invalid, "id index 32767"),
        ["fragment-index-out-of-range"] = new(m => Patch(m, () => m.U32(m.Inode("/usr/lib/os-release") + 20, 1000)), Invalid, "fragment 1000"),
        ["fragment-offset-beyond-block"] = new(m => Patch(m, () => m.U32(m.Inode("/usr/lib/os-release") + 24, 4090)), Invalid, "(offset 4090)"),
        ["block-length-above-block-size"] = new(m => Patch(m, () => m.U32(m.Inode("/file-9k") + 32, 4097)), Invalid, "invalid size field 0x1001"),
        ["block-size-reserved-bits"] = new(m => Patch(m, () => m.U32(m.Inode("/file-9k") + 32, 0x0200_0100)), Invalid, "invalid size field 0x2000100"),
        ["uncompressed-block-short"] = new(m => Patch(m, () => m.U32(m.Inode("/file-9k") + 32, 0x0100_0100)), Invalid, "uncompressed block holds 256 bytes"),
        ["data-beyond-bytes-used"] = new(m => Patch(m, () => m.U32(m.Inode("/file-9k") + 16, (uint)m.SuperBlock.BytesUsed - 10)), Invalid, "run past bytes_used"),
        ["file-size-absurd"] = new(m => Patch(m, () => m.U32(m.Inode("/file-9k") + 28, uint.MaxValue)), Invalid, "SquashFsInode"),
        ["symlink-target-too-long"] = new(m => Patch(m, () => m.U32(m.Inode("/abs") + 20, 5000)), Invalid, "symbolic link target length 5000"),
        ["symlink-target-empty"] = new(m => Patch(m, () => m.U32(m.Inode("/abs") + 20, 0)), Invalid, "symbolic link target length 0"),
        ["symlink-target-with-nul"] = new(m => Patch(m, () => m.Bytes[m.Inode("/abs") + 24 + 3] = 0), Invalid, "NUL"),
        ["directory-size-below-3"] = new(m => Patch(m, () => m.U16(m.Inode("/sub") + 24, 2)), Invalid, "directory size 2"),
        ["directory-listing-too-short"] = new(m => Patch(m, () => m.U16(m.Inode("/") + 24, 3 + 20)), Invalid, "shorter than its entries"),
        ["directory-count-absurd"] = new(m => Patch(m, () => m.U32(m.Listing("/"), 0xFFFF)), Invalid, "counts 65536 entries"),
        ["directory-count-max-uint"] = new(m => Patch(m, () => m.U32(m.Listing("/"), uint.MaxValue)), Invalid, "counts 4294967296 entries"),
        ["directory-inode-number-delta"] = new(m => Patch(m, () => m.U32(m.Listing("/") + 8, 0xFFFF_FF00)), Invalid, "entry inode number"),
        ["directory-entry-type-unknown"] = new(m => Patch(m, () => m.U16(m.Entry("/", "file-5k") + 4, 8)), Invalid, "unknown type 8"),
        ["directory-entry-type-mismatch"] = new(m => Patch(m, () => m.U16(m.Entry("/", "file-5k") + 4, 1)), Invalid, "has type 1 but its inode has type 2"),
        ["name-with-slash"] = new(m => Patch(m, () => m.Bytes[m.Entry("/", "abs") + 9] = (byte)'/'), Invalid, "invalid file name 'a/s'"),
        ["name-with-nul"] = new(m => Patch(m, () => m.Bytes[m.Entry("/", "abs") + 9] = 0), Invalid, "invalid file name 'a\\0s'"),
        ["name-dot-dot"] = new(m => Patch(m, () => { int e = m.Entry("/", "up"); m.Bytes[e + 8] = (byte)'.'; m.Bytes[e + 9] = (byte)'.'; }), Invalid, "invalid file name '..'"),
        ["directory-cycle-to-itself"] = new(m => Patch(m, () => m.U16(m.Entry("/", "sub"), (int)(m.SuperBlock.RootInode & 0xFFFF))), Invalid, "directory cycle"),
        ["directory-cycle-to-ancestor"] = new(m => Patch(m, () => m.U16(m.Entry("/sub", "a"), (int)(m.SuperBlock.RootInode & 0xFFFF))), Invalid, "directory cycle"),
        ["directory-in-two-places"] = new(m => Patch(m, () => m.U16(m.Entry("/sub", "b"), (int)(m.Nodes["/sub/a"].InodeReference & 0xFFFF))), Invalid, "more than one directory entry"),
        ["gzip-garbage"] = new(m => Garbage(m), Invalid, "gzip data is corrupt", Compressor: "gzip"),
        ["xz-garbage"] = new(m => Garbage(m), Invalid, "xz data is corrupt", Compressor: "xz"),
        ["lzma-garbage"] = new(m => Garbage(m), Invalid, "SquashFsDataBlock", Compressor: "lzma"),
        ["lzo-garbage"] = new(m => Garbage(m), Invalid, "SquashFsDataBlock", Compressor: "lzo"),
        ["lz4-garbage"] = new(m => Garbage(m), Invalid, "SquashFsDataBlock", Compressor: "lz4"),
        ["zstd-garbage"] = new(m => Garbage(m), Invalid, "zstd data is corrupt", Compressor: "zstd"),
    };

    private static byte[] Patch(SquashFsImageMap map, Action patch)
    {
        patch();
        return map.Bytes;
    }

    private static int FragmentEntry(SquashFsImageMap m) =>
        checked((int)BinaryPrimitives.ReadUInt64LittleEndian(m.Bytes.AsSpan((int)m.SuperBlock.FragmentTableStart)) + 2);

    /// <summary>Overwrites the middle of /file-9k's first (compressed) data block.</summary>
    private static byte[] Garbage(SquashFsImageMap m)
    {
        int start = checked((int)m.Nodes["/file-9k"].DataStart);
        m.Bytes.AsSpan(start + 8, 24).Fill(0xA5);
        return m.Bytes;
    }
}
