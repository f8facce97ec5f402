// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Globalization;

namespace Portabled.Dissect.FileSystems.Erofs;

/*
 * On-disk layout read here (erofs_fs.h, CHUNK_BASED):
 *   i_u low 16 bits = chunk format: bits 0-4 chunk size = block size << bits; bit 5 (0x20)
 *   = 8-byte chunk indexes. ⌈size / chunk size⌉ entries follow the inode and its xattrs:
 *   without indexes a u32 block address array; with indexes, at the next 8-byte boundary,
 *   erofs_inode_chunk_index { advise u16 @0, device_id u16 @2, blkaddr u32 @4 }.
 *   blkaddr 0xFFFFFFFF (EROFS_NULL_ADDR) is a hole, read as zeros. device_id is masked by the
 *   device table; without extra devices (the only case accepted) it selects the image itself.
 */

/// <summary>Reads CHUNK_BASED data.</summary>
internal sealed class ErofsChunkReader : ErofsDataReader
{
    private readonly int _chunkBits;
    private readonly bool _indexed;
    private readonly long _tableStart;
    private readonly long _chunkCount;

    public ErofsChunkReader(ErofsFileSystem fileSystem, ErofsInode inode)
        : base(fileSystem, inode)
    {
        int format = (int)(inode.Union & 0xFFFF);
        if (!fileSystem.SuperBlock.Has(ErofsLayout.IncompatChunkedFile))
        {
            throw Invalid(inode.Position, "chunk-based layout without the CHUNKED_FILE feature");
        }

        if ((format & ~(ErofsLayout.ChunkFormatBlockBitsMask | ErofsLayout.ChunkFormatIndexes)) != 0)
        {
            throw new UnsupportedImageException(Region.ImagePath, string.Create(CultureInfo.InvariantCulture,
                $"erofs inode {inode.Nid} uses unknown chunk format bits 0x{format:X}"));
        }

        _chunkBits = BlockSizeBits + (format & ErofsLayout.ChunkFormatBlockBitsMask);
        if (_chunkBits > ErofsLimits.MaxChunkBits)
        {
            throw Invalid(inode.Position, string.Create(CultureInfo.InvariantCulture, $"chunk size 2^{_chunkBits} exceeds 2^{ErofsLimits.MaxChunkBits}"));
        }

        _indexed = (format & ErofsLayout.ChunkFormatIndexes) != 0;
        _chunkCount = (inode.Size + (1L << _chunkBits) - 1) >> _chunkBits;
        _tableStart = _indexed ? (inode.InlineOffset + 7) & ~7L : inode.InlineOffset;
        int entrySize = _indexed ? ErofsLayout.ChunkIndexSize : ErofsLayout.ChunkBlockMapEntrySize;
        if (_chunkCount > (Region.Length - Math.Min(_tableStart, Region.Length)) / entrySize)
        {
            throw Invalid(_tableStart, string.Create(CultureInfo.InvariantCulture,
                $"{_chunkCount} chunk entries run past the file system"));
        }
    }

    protected override int ReadCore(long position, Span<byte> buffer)
    {
        long chunk = position >> _chunkBits;
        long chunkSize = 1L << _chunkBits;
        long within = position & (chunkSize - 1);
        int n = (int)Math.Min(buffer.Length, chunkSize - within);
        uint block = ReadChunkAddress(chunk);
        if (block == ErofsLayout.NullAddress)
        {
            buffer[..n].Clear();
            return n;
        }

        ReadFileSystem(((long)block << BlockSizeBits) + within, buffer[..n], "erofs chunk");
        return n;
    }

    private uint ReadChunkAddress(long chunk)
    {
        Span<byte> entry = stackalloc byte[ErofsLayout.ChunkIndexSize];
        if (_indexed)
        {
            ReadFileSystem(_tableStart + (chunk * ErofsLayout.ChunkIndexSize), entry, "erofs chunk index");
            return BinaryPrimitives.ReadUInt32LittleEndian(entry[ErofsLayout.ChunkIndexBlockAddress..]);
        }

        Span<byte> map = entry[..ErofsLayout.ChunkBlockMapEntrySize];
        ReadFileSystem(_tableStart + (chunk * ErofsLayout.ChunkBlockMapEntrySize), map, "erofs chunk block map");
        return BinaryPrimitives.ReadUInt32LittleEndian(map);
    }
}
