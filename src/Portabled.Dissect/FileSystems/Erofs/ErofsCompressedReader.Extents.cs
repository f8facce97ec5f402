// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;

namespace Portabled.Dissect.FileSystems.Erofs;

/*
 * Extent mapping (erofs.rst "Compression"): an extent starts in each HEAD/PLAIN lcluster k at
 * byte k × lcluster size + clusterofs and runs to where the next HEAD/PLAIN lcluster's extent
 * starts, or to the end of the file; NONHEAD lclusters continue it. Its pcluster is one
 * lcluster (PLAIN heads, or without big pclusters), or the block count carried by the NONHEAD
 * following the head, or one lcluster when the head is directly followed by another head.
 * The last extent may instead be the inline pcluster after the indexes (ztailpacking) or a
 * fragment of the packed inode at the fragment offset (FULL indexes take the high 32 bits of
 * that offset from the tail head's block address). Walks are bounded by the extent size limit.
 */

internal sealed partial class ErofsCompressedReader
{
    private ErofsCompressedExtent FindExtent(long position)
    {
        long lcn = position >> _lclusterBits;
        long mask = (1L << _lclusterBits) - 1;
        long maxWalk = (ErofsLimits.MaxExtentBytes >> _lclusterBits) + 2;
        ErofsLcluster current = GetLcluster(lcn);
        long headLcn = lcn;
        ErofsLcluster head = current;
        long end;
        if (current.IsHead && (position & mask) >= current.ClusterOffset)
        {
            end = FindExtentEnd(lcn + 1, maxWalk);
        }
        else
        {
            end = current.IsHead ? (lcn << _lclusterBits) + current.ClusterOffset : FindExtentEnd(lcn + 1, maxWalk);
            (headLcn, head) = FindExtentHead(lcn - 1, maxWalk);
        }

        long start = (headLcn << _lclusterBits) + head.ClusterOffset;
        end = Math.Min(end, Length);
        if (position < start || end <= position || end - start > ErofsLimits.MaxExtentBytes)
        {
            throw Invalid(_indexesStart, string.Create(CultureInfo.InvariantCulture,
                $"extent {start}..{end} around byte {position} is empty or larger than {ErofsLimits.MaxExtentBytes} bytes"));
        }

        return MapExtent(headLcn, head, start, end);
    }

    private ErofsCompressedExtent MapExtent(long headLcn, ErofsLcluster head, long start, long end)
    {
        bool plain = head.Type == ErofsLayout.LclusterTypePlain;
        int algorithm = head.Type == ErofsLayout.LclusterTypeHead2 ? _head2Algorithm : _head1Algorithm;
        ErofsExtentKind kind = plain ? ErofsExtentKind.Plain : ErofsExtentKind.Compressed;
        bool tail = end >= Length;
        if (tail && HasInlineTail)
        {
            return Checked(new ErofsCompressedExtent(start, end, kind, InlinePosition, _inlineSize, algorithm));
        }

        if (tail && HasFragmentTail)
        {
            long offset = _compact ? _fragmentOffset : _fragmentOffset | (head.BlockAddress << 32);
            return new ErofsCompressedExtent(start, end, ErofsExtentKind.Fragment, offset, 0, 0);
        }

        long physicalStart = head.BlockAddress << BlockSizeBits;
        long physicalLength = 1L << _lclusterBits;
        bool big = head.Type == ErofsLayout.LclusterTypeHead2 ? BigPcluster2 : BigPcluster1;
        if (!plain && big && headLcn + 1 < _lclusterCount)
        {
            ErofsLcluster next = GetLcluster(headLcn + 1);
            if (!next.IsHead)
            {
                physicalLength = next.CompressedBlocks == 0
                    ? throw Invalid(_indexesStart, string.Create(CultureInfo.InvariantCulture, $"big pcluster at lcluster {headLcn} has no compressed block count"))
                    : (long)next.CompressedBlocks << BlockSizeBits;
            }
        }

        if (physicalLength > ErofsLimits.MaxPclusterBytes)
        {
            throw Invalid(physicalStart, string.Create(CultureInfo.InvariantCulture,
                $"pcluster of {physicalLength} bytes exceeds {ErofsLimits.MaxPclusterBytes}"));
        }

        return Checked(new ErofsCompressedExtent(start, end, kind, physicalStart, (int)physicalLength, algorithm));
    }

    private ErofsCompressedExtent Checked(ErofsCompressedExtent extent)
    {
        if (extent.PhysicalStart > Region.Length - extent.PhysicalLength)
        {
            throw Invalid(extent.PhysicalStart, string.Create(CultureInfo.InvariantCulture,
                $"{extent.PhysicalLength}-byte pcluster lies outside the file system"));
        }

        if (extent.Kind == ErofsExtentKind.Plain && extent.Length > extent.PhysicalLength)
        {
            throw Invalid(extent.PhysicalStart, string.Create(CultureInfo.InvariantCulture,
                $"{extent.Length}-byte plain extent does not fit its {extent.PhysicalLength}-byte pcluster"));
        }

        return extent;
    }

    private long FindExtentEnd(long lcn, long maxWalk)
    {
        for (long k = lcn; k < _lclusterCount; k++)
        {
            if (k - lcn > maxWalk)
            {
                throw Invalid(_indexesStart, string.Create(CultureInfo.InvariantCulture, $"extent from lcluster {lcn} exceeds {ErofsLimits.MaxExtentBytes} bytes"));
            }

            ErofsLcluster next = GetLcluster(k);
            if (next.IsHead)
            {
                return (k << _lclusterBits) + next.ClusterOffset;
            }
        }

        return Length;
    }

    private (long Lcn, ErofsLcluster Head) FindExtentHead(long lcn, long maxWalk)
    {
        for (long k = lcn; k >= 0 && lcn - k <= maxWalk; k--)
        {
            ErofsLcluster candidate = GetLcluster(k);
            if (candidate.IsHead)
            {
                return (k, candidate);
            }
        }

        throw Invalid(_indexesStart, string.Create(CultureInfo.InvariantCulture, $"no HEAD lcluster within reach before lcluster {lcn + 1}"));
    }
}
