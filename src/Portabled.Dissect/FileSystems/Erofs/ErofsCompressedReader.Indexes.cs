// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Globalization;

namespace Portabled.Dissect.FileSystems.Erofs;

/*
 * On-disk layout read here: one index per logical cluster, ⌈size / lcluster size⌉ of them.
 *   FULL (z_erofs_lcluster_index, 8 bytes, from map header + 16):
 *     0 di_advise u16 (bits 0-1 type: 0 PLAIN, 1 HEAD1, 2 NONHEAD, 3 HEAD2)
 *     2 di_clusterofs u16   4 blkaddr u32 (HEAD/PLAIN) | delta[0] u16, delta[1] u16 (NONHEAD)
 *     delta[0] with bit 11 set (first NONHEAD of a big pcluster) holds the compressed block count.
 *   COMPACT (from map header + 8): packs ending in a u32 base block address, holding their
 *   entries as bit fields of encodebits = (pack bytes − 4) × 8 / entries bits each:
 *   low lclusterbits bits = clusterofs (HEAD/PLAIN) or delta / block count (NONHEAD), then
 *   2 bits of type. First 4-byte-amortized packs (2 entries in 8 bytes) until the position is
 *   32-byte aligned, then with COMPACTED_2B packs of 16 entries in 32 bytes for
 *   rounddown(remaining, 16) entries, then 4-byte packs again.
 *   A HEAD's block is the pack base plus the blocks of the HEADs before it in the pack: one
 *   each, except that a big pcluster's count is carried by the NONHEAD following its HEAD;
 *   without big pclusters the first HEAD of a pack sits at base + 1.
 */

internal sealed partial class ErofsCompressedReader
{
    private const int IndexWindowBytes = 4096;

    private int _compactInitial;
    private long _compact2B;
    private long _indexesEnd;
    private byte[]? _indexWindow;
    private long _indexWindowStart = -1;
    private int _indexWindowLength;

    /// <summary>Where an inline (ztailpacking) tail pcluster starts: right after the last index.</summary>
    private long InlinePosition => _indexesEnd;

    private void ValidateIndexArea(long header)
    {
        if (_compact)
        {
            long ebase = _indexesStart;
            _compactInitial = (int)((32 - (ebase % 32)) / 4);
            if (_compactInitial == 8)
            {
                _compactInitial = 0;
            }

            _compact2B = (_advise & ErofsLayout.AdviseCompacted2B) != 0 && _compactInitial < _lclusterCount
                ? (_lclusterCount - _compactInitial) / 16 * 16
                : 0;
            int needed = _compact2B > 0 ? 14 : 16;
            if (_lclusterBits + 2 > needed)
            {
                throw new UnsupportedImageException(Region.ImagePath, string.Create(CultureInfo.InvariantCulture,
                    $"erofs inode {Inode.Nid}: compact indexes with 2^{_lclusterBits}-byte lclusters are not supported"));
            }
        }

        long maxEntries = Region.Length / 2;
        if (_lclusterCount > maxEntries)
        {
            throw Invalid(header, string.Create(CultureInfo.InvariantCulture, $"{_lclusterCount} lcluster indexes cannot fit in the file system"));
        }

        _indexesEnd = _compact ? LocatePack(_lclusterCount - 1).End : _indexesStart + (_lclusterCount * ErofsLayout.FullIndexSize);
        if (_indexesEnd > Region.Length)
        {
            throw Invalid(header, string.Create(CultureInfo.InvariantCulture, $"{_lclusterCount} lcluster indexes run past the file system"));
        }

        if (HasInlineTail)
        {
            long blockSize = 1L << BlockSizeBits;
            if ((InlinePosition & (blockSize - 1)) + _inlineSize > blockSize || InlinePosition + _inlineSize > Region.Length)
            {
                throw Invalid(InlinePosition, string.Create(CultureInfo.InvariantCulture,
                    $"{_inlineSize}-byte inline pcluster crosses a block boundary"));
            }
        }
    }

    private ErofsLcluster GetLcluster(long lcn)
    {
        if (lcn < 0 || lcn >= _lclusterCount)
        {
            throw Invalid(_indexesStart, string.Create(CultureInfo.InvariantCulture, $"lcluster {lcn} outside 0..{_lclusterCount - 1}"));
        }

        return _compact ? GetCompactLcluster(lcn) : GetFullLcluster(lcn);
    }

    private ErofsLcluster GetFullLcluster(long lcn)
    {
        long position = _indexesStart + (lcn * ErofsLayout.FullIndexSize);
        ReadOnlySpan<byte> index = ReadIndexBytes(position, ErofsLayout.FullIndexSize);
        int type = BinaryPrimitives.ReadUInt16LittleEndian(index[ErofsLayout.LiAdvise..]) & 0x3;
        if (type == ErofsLayout.LclusterTypeNonHead)
        {
            int delta0 = BinaryPrimitives.ReadUInt16LittleEndian(index[ErofsLayout.LiBlockAddress..]);
            return new ErofsLcluster(type, 0, 0, CompressedBlockCount(delta0, position));
        }

        int clusterOffset = BinaryPrimitives.ReadUInt16LittleEndian(index[ErofsLayout.LiClusterOffset..]);
        if (clusterOffset >= 1 << _lclusterBits)
        {
            throw Invalid(position, string.Create(CultureInfo.InvariantCulture, $"clusterofs {clusterOffset} beyond the 2^{_lclusterBits}-byte lcluster"));
        }

        return new ErofsLcluster(type, clusterOffset, BinaryPrimitives.ReadUInt32LittleEndian(index[ErofsLayout.LiBlockAddress..]), 0);
    }

    private ErofsLcluster GetCompactLcluster(long lcn)
    {
        (long packStart, long packEnd, int index) = LocatePack(lcn);
        int packBytes = (int)(packEnd - packStart);
        int entries = packBytes == 32 ? 16 : 2;
        int encodeBits = (packBytes - 4) * 8 / entries;
        ReadOnlySpan<byte> pack = ReadIndexBytes(packStart, packBytes);
        int loMask = (1 << _lclusterBits) - 1;
        bool big = BigPcluster1;
        long running = BinaryPrimitives.ReadUInt32LittleEndian(pack[(packBytes - 4)..]) + (big ? 0 : 1);
        bool pendingHead = false;
        for (int j = 0; ; j++)
        {
            int bit = encodeBits * j;
            uint v = BinaryPrimitives.ReadUInt32LittleEndian(pack[(bit / 8)..]) >> (bit & 7);
            int lo = (int)(v & (uint)loMask);
            int type = (int)((v >> _lclusterBits) & 3);
            if (type != ErofsLayout.LclusterTypeNonHead)
            {
                running += pendingHead ? 1 : 0;
                if (j == index)
                {
                    return new ErofsLcluster(type, lo, running, 0);
                }

                pendingHead = true;
                continue;
            }

            bool hasCount = big && (lo & ErofsLayout.NonHeadCompressedBlockCount) != 0;
            if (j == index)
            {
                return new ErofsLcluster(type, 0, 0, CompressedBlockCount(lo, packStart));
            }

            if (hasCount)
            {
                running += lo & ~ErofsLayout.NonHeadCompressedBlockCount;
                pendingHead = false;
            }
        }
    }

    private int CompressedBlockCount(int delta0, long position)
    {
        if ((delta0 & ErofsLayout.NonHeadCompressedBlockCount) == 0)
        {
            return 0;
        }

        if (!BigPcluster1)
        {
            // Only meaningful with big pclusters; Linux refuses it otherwise — unless this is the
            // last entry of a compact pack, where the field is delta[1] and may be large.
            return _compact ? 0 : throw Invalid(position, "compressed block count in a NONHEAD lcluster without big pclusters");
        }

        return delta0 & ~ErofsLayout.NonHeadCompressedBlockCount;
    }

    /// <summary>The compact pack holding <paramref name="lcn"/>: its byte range and the entry's index in it.</summary>
    private (long Start, long End, int Index) LocatePack(long lcn)
    {
        long position;
        int shift;
        if (lcn < _compactInitial)
        {
            shift = 2;
            position = _indexesStart + (lcn * 4);
        }
        else if (lcn - _compactInitial < _compact2B)
        {
            shift = 1;
            position = _indexesStart + (_compactInitial * 4L) + ((lcn - _compactInitial) * 2);
        }
        else
        {
            shift = 2;
            position = _indexesStart + (_compactInitial * 4L) + (_compact2B * 2) + ((lcn - _compactInitial - _compact2B) * 4);
        }

        int packBytes = shift == 1 ? 32 : 8;
        long start = position / packBytes * packBytes;
        return (start, start + packBytes, (int)((position - start) >> shift));
    }

    private ReadOnlySpan<byte> ReadIndexBytes(long position, int length)
    {
        if (position < _indexWindowStart || position + length > _indexWindowStart + _indexWindowLength)
        {
            _indexWindow ??= new byte[IndexWindowBytes];
            long start = position / 32 * 32;
            int windowLength = (int)Math.Min(IndexWindowBytes, _indexesEnd - start);
            if (windowLength < position + length - start)
            {
                throw Invalid(position, "lcluster index beyond the index area");
            }

            _indexWindowStart = -1;
            ReadFileSystem(start, _indexWindow.AsSpan(0, windowLength), "erofs lcluster indexes");
            _indexWindowStart = start;
            _indexWindowLength = windowLength;
        }

        return _indexWindow.AsSpan((int)(position - _indexWindowStart), length);
    }
}
