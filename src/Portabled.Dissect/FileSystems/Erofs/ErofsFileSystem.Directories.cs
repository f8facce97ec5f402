// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Portabled.Dissect.FileSystems.Erofs;

/*
 * On-disk layout read here (erofs.rst "Directories"): the directory's data, read through its
 * layout, is cut into blocks (the last one possibly short, e.g. an inline tail). Each block
 * starts with an array of erofs_dirent { nid u64 @0, nameoff u16 @8, file_type u8 @10,
 * reserved u8 @11 }; the first nameoff / 12 is the number of entries in the block. Name i runs
 * from nameoff[i] to nameoff[i + 1]; the last one runs to the end of the block and stops at
 * the first NUL. Names are not NUL-terminated otherwise. "." and ".." are stored and skipped.
 */

public sealed partial class ErofsFileSystem
{
    private IEnumerable<DirectoryEntry> Enumerate(ErofsNode dir)
    {
        foreach (ErofsDirent entry in ReadDirectory(dir.Inode))
        {
            yield return new DirectoryEntry(Encoding.UTF8.GetString(entry.Name), LoadChild(dir, entry));
        }
    }

    private ErofsNode LoadChild(ErofsNode dir, ErofsDirent entry)
    {
        if (entry.Nid == dir.Inode.Nid)
        {
            throw new InvalidImageException(Region.ImagePath, string.Create(CultureInfo.InvariantCulture, $"erofs directory {dir.Inode.Nid}"),
                Region.Offset + dir.Inode.Position, "directory contains itself under another name");
        }

        return LoadNode(entry.Nid);
    }

    private IEnumerable<ErofsDirent> ReadDirectory(ErofsInode dir)
    {
        if (dir.Size > ErofsLimits.MaxDirectoryBytes)
        {
            throw DirectoryInvalid(dir, dir.Position, string.Create(CultureInfo.InvariantCulture,
                $"directory of {dir.Size} bytes exceeds {ErofsLimits.MaxDirectoryBytes}"));
        }

        int blockSize = SuperBlock.BlockSize;
        int count = 0;
        using ErofsDataReader reader = CreateReader(dir);
        for (long blockStart = 0; blockStart < dir.Size; blockStart += blockSize)
        {
            List<ErofsDirent> entries = ReadDirectoryBlock(dir, reader, blockStart, (int)Math.Min(blockSize, dir.Size - blockStart));
            count += entries.Count;
            if (count > ErofsLimits.MaxDirectoryEntries)
            {
                throw DirectoryInvalid(dir, dir.Position, string.Create(CultureInfo.InvariantCulture,
                    $"more than {ErofsLimits.MaxDirectoryEntries} entries"));
            }

            foreach (ErofsDirent entry in entries)
            {
                yield return entry;
            }
        }
    }

    private List<ErofsDirent> ReadDirectoryBlock(ErofsInode dir, ErofsDataReader reader, long blockStart, int length)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> block = buffer.AsSpan(0, length);
            reader.ReadExactly(blockStart, block);
            return ParseDirectoryBlock(dir, blockStart, block);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private List<ErofsDirent> ParseDirectoryBlock(ErofsInode dir, long blockStart, ReadOnlySpan<byte> block)
    {
        if (block.Length < ErofsLayout.DirentSize)
        {
            throw DirectoryInvalid(dir, blockStart, string.Create(CultureInfo.InvariantCulture, $"{block.Length}-byte block cannot hold a dirent"));
        }

        int firstNameOffset = BinaryPrimitives.ReadUInt16LittleEndian(block[ErofsLayout.DirentNameOffset..]);
        if (firstNameOffset < ErofsLayout.DirentSize || firstNameOffset >= block.Length)
        {
            throw DirectoryInvalid(dir, blockStart, string.Create(CultureInfo.InvariantCulture,
                $"first name offset {firstNameOffset} outside {ErofsLayout.DirentSize}..{block.Length - 1}"));
        }

        int count = firstNameOffset / ErofsLayout.DirentSize;
        var entries = new List<ErofsDirent>(count);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> dirent = block.Slice(i * ErofsLayout.DirentSize, ErofsLayout.DirentSize);
            int nameOffset = BinaryPrimitives.ReadUInt16LittleEndian(dirent[ErofsLayout.DirentNameOffset..]);
            int nameEnd = i + 1 < count
                ? BinaryPrimitives.ReadUInt16LittleEndian(block[(((i + 1) * ErofsLayout.DirentSize) + ErofsLayout.DirentNameOffset)..])
                : block.Length;
            if (nameOffset < firstNameOffset || nameEnd > block.Length || nameEnd <= nameOffset)
            {
                throw DirectoryInvalid(dir, blockStart + (i * ErofsLayout.DirentSize), string.Create(CultureInfo.InvariantCulture,
                    $"dirent {i}: name offsets {nameOffset}..{nameEnd} out of order or outside the {block.Length}-byte block"));
            }

            ReadOnlySpan<byte> name = block[nameOffset..nameEnd];
            if (i + 1 == count && name.IndexOf((byte)0) is int nul and >= 0)
            {
                name = name[..nul];
            }

            if (IsDotOrDotDot(name))
            {
                continue;
            }

            ValidateName(dir, blockStart + nameOffset, name);
            entries.Add(new ErofsDirent(name.ToArray(), BinaryPrimitives.ReadUInt64LittleEndian(dirent[ErofsLayout.DirentNid..]),
                dirent[ErofsLayout.DirentFileType]));
        }

        return entries;
    }

    private void ValidateName(ErofsInode dir, long position, ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name.Length > ErofsLayout.MaxNameLength || name.Contains((byte)'/') || name.Contains((byte)0))
        {
            throw DirectoryInvalid(dir, position, string.Create(CultureInfo.InvariantCulture,
                $"invalid name of {name.Length} bytes (empty, longer than {ErofsLayout.MaxNameLength}, or containing '/' or NUL)"));
        }
    }

    private static bool IsDotOrDotDot(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("."u8) || name.SequenceEqual(".."u8);

    private InvalidImageException DirectoryInvalid(ErofsInode dir, long position, string problem) =>
        new(Region.ImagePath, string.Create(CultureInfo.InvariantCulture, $"erofs directory {dir.Nid}"), Region.Offset + dir.Position, $"at data byte {position.ToString(CultureInfo.InvariantCulture)}: {problem}");
}
