// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Directories (disk layout "Linear (Classic) Directories", "Hash Tree Directories",
 * "Inline Directories"). Each directory block is a chain of ext4_dir_entry_2, little-endian:
 *   0x00 inode u32 (0 = unused)  0x04 rec_len u16  0x06 name_len u8  0x07 file_type u8  0x08 name[name_len]
 * Without INCOMPAT_FILETYPE byte 0x07 is the high byte of a 16-bit name_len; the kernel reads
 * only the low byte, and so does this reader. Hash-tree (INDEX_FL) directories are read linearly:
 * the dx_root hides inside the ".." entry of block 0, interior dx blocks look like one unused
 * entry spanning the block, and metadata_csum tails are unused 12-byte entries, so all of them are
 * skipped as unused. Inline directories start with the parent's inode number (4 bytes) in i_block,
 * followed by entries up to byte 60, continued in the system.data extended attribute.
 *
 * Names follow the kernel's readdir: "." and ".." are skipped (wherever they appear); an empty
 * name or one containing '/' makes the kernel fail readdir (verify_dirent_name: EIO/EUCLEAN), so
 * it is corruption here too, and so is NUL, which no path could name. Entry type comes from the
 * inode's i_mode; the dirent's file_type is not trusted.
 */
using System.Buffers;
using System.Buffers.Binary;

namespace Portabled.Dissect.FileSystems.Ext4;

public sealed partial class Ext4FileSystem
{
    /// <summary>Size of the parent inode number that opens an inline directory.</summary>
    private const int InlineParentSize = 4;

    private IEnumerable<DirectoryEntry> EnumerateDirectoryCore(Ext4Inode dir)
    {
        foreach ((byte[] name, uint ino) in ReadDirectory(dir))
        {
            yield return new DirectoryEntry(System.Text.Encoding.UTF8.GetString(name), GetNode(ino));
        }
    }

    /// <summary>The raw entries of a directory (name bytes and inode), without unused entries, "." and "..".</summary>
    private IEnumerable<(byte[] Name, uint Ino)> ReadDirectory(Ext4Inode dir)
    {
        var entries = new List<(byte[] Name, uint Ino)>();
        int total = 0;
        if (dir.HasInlineData)
        {
            byte[] data = ReadInlineData(dir, allowShort: true);
            int inBlock = Math.Min(data.Length, Ext4Layout.InodeBlockSize);
            if (inBlock > InlineParentSize)
            {
                ParseDirectoryChunk(data.AsSpan(InlineParentSize, inBlock - InlineParentSize), dir, -1, entries);
            }

            if (data.Length > Ext4Layout.InodeBlockSize)
            {
                ParseDirectoryChunk(data.AsSpan(Ext4Layout.InodeBlockSize), dir, -1, entries);
            }

            CountEntries(dir, ref total, entries.Count);
            foreach ((byte[] Name, uint Ino) e in entries)
            {
                yield return e;
            }

            yield break;
        }

        if (dir.Size > MaxDirectorySize)
        {
            throw new InvalidImageException(ImagePath, $"directory inode {dir.Number} is {dir.Size} bytes, more than the limit of {MaxDirectorySize}");
        }

        long blocks = (dir.Size + _sb.BlockSize - 1) / _sb.BlockSize;
        long logical = 0;
        while (logical < blocks)
        {
            Ext4BlockRun run = MapBlock(dir, logical);
            long count = Math.Min(run.Length, blocks - logical);
            if (!run.IsZeros)
            {
                // A hole in a directory is skipped, as the kernel's readdir does.
                for (long i = 0; i < count; i++)
                {
                    entries.Clear();
                    ReadDirectoryBlock(run.Physical + i, dir, entries);
                    CountEntries(dir, ref total, entries.Count);
                    foreach ((byte[] Name, uint Ino) e in entries)
                    {
                        yield return e;
                    }
                }
            }

            logical += count;
        }
    }

    private void CountEntries(Ext4Inode dir, ref int total, int more)
    {
        total += more;
        if (total > MaxDirectoryEntries)
        {
            throw new InvalidImageException(ImagePath, $"directory inode {dir.Number} has more than {MaxDirectoryEntries} entries");
        }
    }

    private void ReadDirectoryBlock(long block, Ext4Inode dir, List<(byte[] Name, uint Ino)> entries)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(_sb.BlockSize);
        try
        {
            Span<byte> data = buffer.AsSpan(0, _sb.BlockSize);
            long position = checked(block * _sb.BlockSize);
            _region.ReadExactly(position, data, "directory block");
            ParseDirectoryChunk(data, dir, _region.Offset + position, entries);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses a chain of entries filling <paramref name="chunk"/> exactly; <paramref name="diskOffset"/> is −1 for inline data.</summary>
    private void ParseDirectoryChunk(ReadOnlySpan<byte> chunk, Ext4Inode dir, long diskOffset, List<(byte[] Name, uint Ino)> entries)
    {
        int position = 0;
        while (position < chunk.Length)
        {
            InvalidImageException Bad(string problem) => new(ImagePath, $"directory entry of inode {dir.Number}",
                diskOffset < 0 ? -1 : diskOffset + position, problem);

            if (chunk.Length - position < Ext4Layout.DirentHeaderSize)
            {
                throw Bad($"entry header does not fit in the remaining {chunk.Length - position} bytes");
            }

            ReadOnlySpan<byte> entry = chunk[position..];
            uint ino = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            int recLen = DecodeRecordLength(BinaryPrimitives.ReadUInt16LittleEndian(entry[Ext4Layout.DirentRecLen..]));
            int nameLength = entry[Ext4Layout.DirentNameLen];
            if (recLen < Ext4Layout.DirentHeaderSize + 4 || recLen % 4 != 0 || recLen > entry.Length
                || recLen < Ext4Layout.DirentHeaderSize + nameLength)
            {
                throw Bad($"rec_len {recLen} (name_len {nameLength}) is too small, misaligned or runs past the block");
            }

            position += recLen;
            if (ino == 0)
            {
                continue;
            }

            if (ino > _sb.InodesCount || (ino != Ext4Layout.RootIno && ino < _sb.FirstIno))
            {
                throw Bad($"inode number {ino} is reserved or beyond the {_sb.InodesCount} inodes");
            }

            ReadOnlySpan<byte> name = entry.Slice(Ext4Layout.DirentHeaderSize, nameLength);
            if (name.IsEmpty || name.Contains((byte)'/') || name.Contains((byte)0))
            {
                throw Bad("name is empty or contains '/' or NUL");
            }

            if (name is [(byte)'.'] or [(byte)'.', (byte)'.'])
            {
                continue;
            }

            entries.Add((name.ToArray(), ino));
        }
    }

    /// <summary>rec_len on disk: with 64 KiB blocks the value 65536 does not fit and is stored as 0 or 65535.</summary>
    private int DecodeRecordLength(ushort raw) =>
        _sb.BlockSize >= 65536 && raw is 0 or 65535 ? 65536 : raw;
}
