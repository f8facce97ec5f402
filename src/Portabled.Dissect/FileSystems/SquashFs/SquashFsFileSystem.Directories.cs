// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Text;
using L = Portabled.Dissect.FileSystems.SquashFs.SquashFsLayout;

namespace Portabled.Dissect.FileSystems.SquashFs;

/*
 * Directory table (docs/image-readers.md, squashfs "On-disk format", "Directories"). A listing starts at
 * directory_table_start + start_block, at offset in the decompressed block, and is
 * file_size − 3 bytes long ("." and ".." are implicit). It is a sequence of
 *   header  0 count u32 (entries − 1, ≤ 255)  4 start_block u32 (inode table block)  8 inode_number u32
 *   entry   0 offset u16  2 inode_delta s16  4 type u16 (1–7)  6 name_size u16 (length − 1)  8 name
 * An entry's inode reference is (header.start_block << 16) | entry.offset. Names are not
 * NUL-terminated. The listing must be consumed exactly; every name is checked (no '/', NUL, "."
 * or ".."), the entry type must match the inode, and a directory may appear in one place only.
 */
public sealed partial class SquashFsFileSystem
{
    private const string DirectoryStructure = "SquashFsDirectory";

    private readonly Dictionary<ulong, (ulong Parent, string Name)> _directoryPlaces = [];
    private readonly Lock _directoryPlacesLock = new();

    private IEnumerable<DirectoryEntry> EnumerateEntries(SquashFsNode directory)
    {
        foreach (SquashFsRawDirectoryEntry entry in ReadListing(directory))
        {
            string name = Encoding.UTF8.GetString(entry.Name);
            yield return new DirectoryEntry(name, ReadChild(directory, entry, name));
        }
    }

    private SquashFsNode? FindEntry(SquashFsNode directory, string name)
    {
        if (name.Length == 0 || name.Length > SquashFsLimits.MaxNameLength || name is "." or ".." || name.Contains('/') || name.Contains('\0'))
        {
            return null;
        }

        byte[] wanted = Encoding.UTF8.GetBytes(name);
        foreach (SquashFsRawDirectoryEntry entry in ReadListing(directory))
        {
            // Names that are not UTF-8 are listed with U+FFFD; compare those as listed, so that
            // every name EnumerateDirectory returns can be looked up again.
            if (entry.Name.AsSpan().SequenceEqual(wanted)
                || (!Ascii.IsValid(entry.Name) && string.Equals(Encoding.UTF8.GetString(entry.Name), name, StringComparison.Ordinal)))
            {
                return ReadChild(directory, entry, name);
            }
        }

        return null;
    }

    private SquashFsNode ReadChild(SquashFsNode directory, SquashFsRawDirectoryEntry entry, string name)
    {
        SquashFsNode child = ReadInode(entry.InodeReference, directory);
        if ((ushort)BasicType(child.InodeType) != entry.Type)
        {
            throw Invalid(DirectoryStructure, entry.Position,
                $"entry '{name}' has type {entry.Type} but its inode has type {(ushort)child.InodeType}");
        }

        if (child.Type == FileType.Directory)
        {
            // Directories cannot be hard-linked: one found in a second place makes the tree a graph.
            lock (_directoryPlacesLock)
            {
                if (!_directoryPlaces.TryGetValue(child.InodeReference, out var place))
                {
                    _directoryPlaces.Add(child.InodeReference, (directory.InodeReference, name));
                }
                else if (place.Parent != directory.InodeReference || !string.Equals(place.Name, name, StringComparison.Ordinal))
                {
                    throw Invalid(DirectoryStructure, entry.Position, $"directory inode 0x{child.InodeReference:x} appears in more than one directory entry");
                }
            }
        }

        return child;
    }

    private IEnumerable<SquashFsRawDirectoryEntry> ReadListing(SquashFsNode directory)
    {
        var cursor = new SquashFsMetadataCursor(this, checked(SuperBlock.DirectoryTableStart + directory.ListingBlock),
            _directoryTableEnd, directory.ListingOffset, DirectoryStructure);
        long remaining = directory.ListingSize;
        byte[] buffer = new byte[L.DirectoryHeaderSize];
        int total = 0;
        while (remaining > 0)
        {
            (uint count, uint startBlock, uint baseNumber) = ReadHeader(cursor, buffer, ref remaining);
            total += (int)count;
            if (total > SquashFsLimits.MaxDirectoryEntries)
            {
                throw Invalid(DirectoryStructure, cursor.BlockPosition, $"directory has more than {SquashFsLimits.MaxDirectoryEntries} entries");
            }

            for (uint i = 0; i < count; i++)
            {
                yield return ReadEntry(cursor, buffer, startBlock, baseNumber, ref remaining);
            }
        }
    }

    /// <summary>Reads a directory header; returns the number of entries (1 … 256) that follow.</summary>
    private (uint Count, uint StartBlock, uint BaseNumber) ReadHeader(SquashFsMetadataCursor cursor, byte[] buffer, ref long remaining)
    {
        long position = cursor.BlockPosition;
        remaining = Consume(remaining, L.DirectoryHeaderSize, position);
        Span<byte> header = buffer.AsSpan(0, L.DirectoryHeaderSize);
        cursor.Read(header);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(header[L.DirectoryHeaderCount..]);
        if (count >= SquashFsLimits.MaxEntriesPerDirectoryHeader)
        {
            throw Invalid(DirectoryStructure, position,
                $"directory header counts {(ulong)count + 1} entries, more than {SquashFsLimits.MaxEntriesPerDirectoryHeader}");
        }

        return (count + 1, BinaryPrimitives.ReadUInt32LittleEndian(header[L.DirectoryHeaderStartBlock..]),
            BinaryPrimitives.ReadUInt32LittleEndian(header[L.DirectoryHeaderInodeNumber..]));
    }

    private SquashFsRawDirectoryEntry ReadEntry(SquashFsMetadataCursor cursor, byte[] buffer, uint startBlock, uint baseNumber, ref long remaining)
    {
        long position = cursor.BlockPosition;
        remaining = Consume(remaining, L.DirectoryEntrySize, position);
        Span<byte> entry = buffer.AsSpan(0, L.DirectoryEntrySize);
        cursor.Read(entry);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(entry[L.DirectoryEntryNameSize..]) + 1;
        if (nameLength > SquashFsLimits.MaxNameLength)
        {
            throw Invalid(DirectoryStructure, position, $"name of {nameLength} bytes is longer than {SquashFsLimits.MaxNameLength}");
        }

        long number = checked((long)baseNumber + BinaryPrimitives.ReadInt16LittleEndian(entry[L.DirectoryEntryInodeDelta..]));
        if (number < 1 || number > SuperBlock.InodeCount)
        {
            throw Invalid(DirectoryStructure, position, $"entry inode number {number} is not in 1…{SuperBlock.InodeCount}");
        }

        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(entry[L.DirectoryEntryType..]);
        if (type is < (ushort)SquashFsInodeType.Directory or > (ushort)SquashFsInodeType.Socket)
        {
            throw Invalid(DirectoryStructure, position, $"entry has unknown type {type}");
        }

        ulong reference = ((ulong)startBlock << 16) | BinaryPrimitives.ReadUInt16LittleEndian(entry[L.DirectoryEntryOffset..]);
        remaining = Consume(remaining, nameLength, position);
        byte[] name = new byte[nameLength];
        cursor.Read(name);
        CheckName(name, position);
        return new SquashFsRawDirectoryEntry(name, reference, type, position);
    }

    private long Consume(long remaining, int size, long position)
    {
        if (remaining < size)
        {
            throw Invalid(DirectoryStructure, position, "directory listing is shorter than its entries");
        }

        return remaining - size;
    }

    private void CheckName(ReadOnlySpan<byte> name, long position)
    {
        if (name.IndexOfAny((byte)'/', (byte)0) >= 0 || name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
        {
            throw Invalid(DirectoryStructure, position, $"invalid file name '{Encoding.UTF8.GetString(name).Replace("\0", "\\0", StringComparison.Ordinal)}'");
        }
    }
}
