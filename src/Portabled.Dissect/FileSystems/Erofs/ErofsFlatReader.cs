// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;

namespace Portabled.Dissect.FileSystems.Erofs;

/*
 * On-disk layout read here (erofs.rst "Data layouts"):
 *   FLAT_PLAIN:  ⌈size / block size⌉ contiguous blocks from raw_blkaddr (i_u).
 *   FLAT_INLINE: ⌈size / block size⌉ − 1 blocks from raw_blkaddr, then the rest of the data
 *                right after the inode and its inline xattrs; that tail must not cross the
 *                block the inode ends in.
 */

/// <summary>Reads FLAT_PLAIN and FLAT_INLINE data.</summary>
internal sealed class ErofsFlatReader : ErofsDataReader
{
    private readonly long _blocksStart;
    private readonly long _blocksLength;
    private readonly long _tailStart;

    public ErofsFlatReader(ErofsFileSystem fileSystem, ErofsInode inode)
        : base(fileSystem, inode)
    {
        long blockSize = 1L << BlockSizeBits;
        long blocks = (inode.Size + blockSize - 1) >> BlockSizeBits;
        bool inline = inode.Layout == ErofsDataLayout.FlatInline;
        long rawBlocks = inline ? Math.Max(blocks - 1, 0) : blocks;
        _blocksStart = (long)inode.Union << BlockSizeBits;
        _blocksLength = Math.Min(rawBlocks << BlockSizeBits, inode.Size);
        if (rawBlocks > 0 && (rawBlocks > (Region.Length >> BlockSizeBits) || _blocksStart > Region.Length - (rawBlocks << BlockSizeBits)))
        {
            throw Invalid(inode.Position, string.Create(CultureInfo.InvariantCulture,
                $"{rawBlocks} data blocks from block {inode.Union} lie outside the file system"));
        }

        _tailStart = inode.InlineOffset;
        long tailLength = inode.Size - _blocksLength;
        if (inline && tailLength > 0)
        {
            long offsetInBlock = _tailStart & (blockSize - 1);
            if (offsetInBlock + tailLength > blockSize || _tailStart + tailLength > Region.Length)
            {
                throw Invalid(_tailStart, string.Create(CultureInfo.InvariantCulture,
                    $"{tailLength}-byte inline tail crosses a block boundary"));
            }
        }
    }

    protected override int ReadCore(long position, Span<byte> buffer)
    {
        if (position < _blocksLength)
        {
            int n = (int)Math.Min(buffer.Length, _blocksLength - position);
            ReadFileSystem(_blocksStart + position, buffer[..n], "erofs data block");
            return n;
        }

        ReadFileSystem(_tailStart + (position - _blocksLength), buffer, "erofs inline data");
        return buffer.Length;
    }
}
