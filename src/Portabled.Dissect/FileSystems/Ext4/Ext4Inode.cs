// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ext4 inode (disk layout "Index Nodes"), s_inode_size bytes, little-endian; fields read:
 *   0x00 i_mode u16          0x02 i_uid u16 (low)      0x04 i_size_lo u32     0x10 i_mtime s32
 *   0x18 i_gid u16 (low)     0x1A i_links_count u16    0x20 i_flags u32       0x28 i_block[15] (60 bytes)
 *   0x64 i_generation u32    0x68 i_file_acl_lo u32    0x6C i_size_high u32   0x76 l_i_file_acl_high u16 (64bit)
 *   0x78 l_i_uid_high u16    0x7A l_i_gid_high u16     0x7C l_i_checksum_lo u16
 *   (inodes larger than 128 bytes, when 0x80 + i_extra_isize covers the field:)
 *   0x80 i_extra_isize u16   0x82 i_checksum_hi u16    0x88 i_mtime_extra u32 (bits 0-1 epoch, 2-31 ns)
 *   0x80 + i_extra_isize: in-inode extended attributes (magic 0xEA020000), see Ext4FileSystem.Xattrs.cs
 * Device nodes keep their number in i_block: old encoding in i_block[0] (major 8 bits, minor 8 bits),
 * else the new encoding in i_block[1] (minor low 8 bits, major 12 bits, minor high 12 bits).
 * With metadata_csum the checksum is crc32c(seed, le32 inode number, le32 i_generation, the inode
 * with both checksum fields taken as zero); only the low 16 bits exist when i_checksum_hi does not fit.
 */
using Portabled.Dissect.Checksums;
using System.Buffers.Binary;
using System.Globalization;

namespace Portabled.Dissect.FileSystems.Ext4;

/// <summary>One parsed and validated inode; keeps its raw bytes for i_block and the in-inode extended attributes.</summary>
internal sealed class Ext4Inode
{
    private readonly byte[] _raw;

    private Ext4Inode(byte[] raw, uint number)
    {
        _raw = raw;
        Number = number;
    }

    public uint Number { get; }

    /// <summary>Absolute byte offset of the inode in the image, for messages.</summary>
    public long Offset { get; private init; }

    public FileType Type { get; private init; }

    public uint Permissions { get; private init; }

    public uint Uid { get; private init; }

    public uint Gid { get; private init; }

    public long Size { get; private init; }

    public ushort LinksCount { get; private init; }

    public uint Flags { get; private init; }

    /// <summary>i_file_acl: the block holding the inode's other extended attributes, 0 when none.</summary>
    public ulong FileAcl { get; private init; }

    public long MtimeSeconds { get; private init; }

    public uint MtimeNanoseconds { get; private init; }

    /// <summary>Offset of the in-inode extended attribute area (0x80 + i_extra_isize), or the inode size when there is none.</summary>
    public int XattrAreaStart { get; private init; }

    /// <summary>The 60 bytes of i_block: extent tree root, block map, fast symlink target, inline data or device number.</summary>
    public ReadOnlySpan<byte> Block => _raw.AsSpan(Ext4Layout.InodeBlock, Ext4Layout.InodeBlockSize);

    /// <summary>The in-inode extended attribute area (possibly empty).</summary>
    public ReadOnlySpan<byte> XattrArea => _raw.AsSpan(XattrAreaStart);

    public bool HasExtents => (Flags & Ext4Layout.FlagExtents) != 0;

    public bool HasInlineData => (Flags & Ext4Layout.FlagInlineData) != 0;

    /// <summary>Parses inode <paramref name="number"/> from <paramref name="raw"/> (s_inode_size bytes at byte <paramref name="offset"/>).</summary>
    public static Ext4Inode Parse(ReadOnlySpan<byte> raw, uint number, Ext4SuperBlock sb, string image, long offset)
    {
        InvalidImageException Bad(string problem) => new(image, $"{nameof(Ext4Inode)} {number}", offset, problem);

        int extraEnd = Ext4Layout.GoodOldInodeSize;
        if (raw.Length > Ext4Layout.GoodOldInodeSize)
        {
            int extra = BinaryPrimitives.ReadUInt16LittleEndian(raw[Ext4Layout.InodeExtraIsize..]);
            if ((extra & 3) != 0 || extra > raw.Length - Ext4Layout.GoodOldInodeSize)
            {
                throw Bad($"i_extra_isize {extra} is misaligned or exceeds the {raw.Length}-byte inode");
            }

            extraEnd = Ext4Layout.GoodOldInodeSize + extra;
        }

        if (sb.HasMetadataChecksums && !sb.IsHurd)
        {
            VerifyChecksum(raw, number, sb.ChecksumSeed, extraEnd, Bad);
        }

        ushort mode = BinaryPrimitives.ReadUInt16LittleEndian(raw[Ext4Layout.InodeMode..]);
        FileType type = (mode & Ext4Layout.ModeTypeMask) switch
        {
            0x1000 => FileType.Fifo,
            0x2000 => FileType.CharacterDevice,
            0x4000 => FileType.Directory,
            0x6000 => FileType.BlockDevice,
            0x8000 => FileType.RegularFile,
            0xA000 => FileType.SymbolicLink,
            0xC000 => FileType.Socket,
            _ => throw Bad($"bogus i_mode 0{Convert.ToString(mode, 8)}"),
        };

        ulong size = BinaryPrimitives.ReadUInt32LittleEndian(raw[Ext4Layout.InodeSizeLo..])
            | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(raw[Ext4Layout.InodeSizeHigh..]) << 32);
        if (size > long.MaxValue)
        {
            throw Bad($"size {size} is negative");
        }

        long mtime = BinaryPrimitives.ReadInt32LittleEndian(raw[Ext4Layout.InodeMtime..]);
        uint nanoseconds = 0;
        if (extraEnd >= Ext4Layout.InodeMtimeExtra + 4)
        {
            // "Inode Timestamps": the two low bits extend the signed 32-bit seconds by epochs of 2^32 s.
            uint extraTime = BinaryPrimitives.ReadUInt32LittleEndian(raw[Ext4Layout.InodeMtimeExtra..]);
            mtime += (long)(extraTime & 3) << 32;
            nanoseconds = extraTime >> 2;
        }

        return new Ext4Inode(raw.ToArray(), number)
        {
            Offset = offset,
            Type = type,
            Permissions = (uint)(mode & 0xFFF),
            Uid = BinaryPrimitives.ReadUInt16LittleEndian(raw[Ext4Layout.InodeUid..])
                | ((uint)BinaryPrimitives.ReadUInt16LittleEndian(raw[Ext4Layout.InodeUidHigh..]) << 16),
            Gid = BinaryPrimitives.ReadUInt16LittleEndian(raw[Ext4Layout.InodeGid..])
                | ((uint)BinaryPrimitives.ReadUInt16LittleEndian(raw[Ext4Layout.InodeGidHigh..]) << 16),
            Size = (long)size,
            LinksCount = BinaryPrimitives.ReadUInt16LittleEndian(raw[Ext4Layout.InodeLinksCount..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(raw[Ext4Layout.InodeFlags..]),
            FileAcl = BinaryPrimitives.ReadUInt32LittleEndian(raw[Ext4Layout.InodeFileAclLo..])
                | (sb.Is64Bit ? (ulong)BinaryPrimitives.ReadUInt16LittleEndian(raw[Ext4Layout.InodeFileAclHigh..]) << 32 : 0),
            MtimeSeconds = mtime,
            MtimeNanoseconds = nanoseconds,
            XattrAreaStart = raw.Length > Ext4Layout.GoodOldInodeSize ? extraEnd : raw.Length,
        };
    }

    /// <summary>The device number of a block or character device node (old or new encoding in i_block).</summary>
    public (uint Major, uint Minor) GetDeviceNumber()
    {
        uint old = BinaryPrimitives.ReadUInt32LittleEndian(Block);
        if (old != 0)
        {
            return ((old >> 8) & 0xFF, old & 0xFF);
        }

        uint dev = BinaryPrimitives.ReadUInt32LittleEndian(Block[4..]);
        return ((dev & 0xFFF00) >> 8, (dev & 0xFF) | ((dev >> 12) & 0xFFF00));
    }

    private static void VerifyChecksum(ReadOnlySpan<byte> raw, uint number, uint seed, int extraEnd, Func<string, InvalidImageException> bad)
    {
        bool hasHi = extraEnd >= Ext4Layout.InodeChecksumHi + 2;
        uint generation = BinaryPrimitives.ReadUInt32LittleEndian(raw[Ext4Layout.InodeGeneration..]);
        uint crc = Crc32C.UpdateUInt32(seed, number);
        crc = Crc32C.UpdateUInt32(crc, generation);
        crc = Crc32C.Update(crc, raw[..Ext4Layout.InodeChecksumLo]);
        crc = Crc32C.Update(crc, [0, 0]);
        if (hasHi)
        {
            crc = Crc32C.Update(crc, raw[(Ext4Layout.InodeChecksumLo + 2)..Ext4Layout.InodeChecksumHi]);
            crc = Crc32C.Update(crc, [0, 0]);
            crc = Crc32C.Update(crc, raw[(Ext4Layout.InodeChecksumHi + 2)..]);
        }
        else
        {
            crc = Crc32C.Update(crc, raw[(Ext4Layout.InodeChecksumLo + 2)..]);
        }

        uint expected = BinaryPrimitives.ReadUInt16LittleEndian(raw[Ext4Layout.InodeChecksumLo..]);
        if (hasHi)
        {
            expected |= (uint)BinaryPrimitives.ReadUInt16LittleEndian(raw[Ext4Layout.InodeChecksumHi..]) << 16;
        }
        else
        {
            crc &= 0xFFFF;
        }

        if (crc != expected)
        {
            throw bad(string.Create(CultureInfo.InvariantCulture, $"inode checksum 0x{crc:x8} does not match the stored 0x{expected:x8}"));
        }
    }
}
