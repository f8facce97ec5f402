// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Portabled.Dissect.Compression;

namespace Portabled.Dissect.FileSystems.Erofs;

/*
 * On-disk layout read here (erofs_fs.h, COMPRESSED_FULL / COMPRESSED_COMPACT):
 *   z_erofs_map_header (8 bytes) at round_up(inode end incl. xattrs, 8):
 *     0 h_fragmentoff u32 (FRAGMENT) | 2 h_idata_size u16 (INLINE_PCLUSTER)
 *     4 h_advise u16: 0x1 COMPACTED_2B, 0x2 BIG_PCLUSTER_1, 0x4 BIG_PCLUSTER_2,
 *       0x8 INLINE_PCLUSTER (ztailpacking), 0x10 INTERLACED, 0x20 FRAGMENT_PCLUSTER
 *     6 h_algorithmtype u8: low nibble HEAD1, high nibble HEAD2 (0 LZ4, 1 LZMA, 2 DEFLATE, 3 ZSTD)
 *     7 h_clusterbits u8: lclusterbits − blkszbits in bits 0-2; bit 7 = the whole file is a
 *       fragment of the packed inode, and the 8 header bytes (bit 63 cleared) are its offset.
 *   Without BIG_PCLUSTER, ZTAILPACKING and FRAGMENTS on the image, a FULL inode ignores the
 *   header: LZ4, lcluster = block, no advise bits (as Linux).
 *   Lcluster indexes: see ErofsCompressedReader.Indexes.cs. Extents: see .Extents.cs.
 *   Compressed extents decode from the start of their pcluster; with ZERO_PADDING the
 *   compressed bytes are right-aligned, so leading zero bytes are skipped. PLAIN extents hold
 *   the bytes uncompressed at the start of the pcluster. The last extent may be inline after
 *   the indexes (ztailpacking) or a fragment of the packed inode.
 */

/// <summary>Reads COMPRESSED_FULL and COMPRESSED_COMPACT data, one decoded extent cached at a time.</summary>
internal sealed partial class ErofsCompressedReader : ErofsDataReader
{
    private readonly bool _compact;
    private readonly int _advise;
    private readonly int _head1Algorithm;
    private readonly int _head2Algorithm;
    private readonly int _lclusterBits;
    private readonly long _lclusterCount;
    private readonly long _indexesStart;
    private readonly bool _wholeFragment;
    private readonly bool _isPackedInode;
    private readonly int _inlineSize;
    private long _fragmentOffset;

    private ErofsCompressedExtent _extent;
    private byte[]? _decoded;
    private bool _decodedValid;

    public ErofsCompressedReader(ErofsFileSystem fileSystem, ErofsInode inode, bool isPackedInode)
        : base(fileSystem, inode)
    {
        _isPackedInode = isPackedInode;
        _compact = inode.Layout == ErofsDataLayout.CompressedCompact;
        ErofsSuperBlock sb = fileSystem.SuperBlock;
        long header = (inode.InlineOffset + 7) & ~7L;
        _indexesStart = header + (_compact ? ErofsLayout.MapHeaderSize : ErofsLayout.FullIndexesOffset);
        _lclusterBits = BlockSizeBits;
        if (inode.Size == 0)
        {
            return;
        }

        bool legacy = !_compact && !sb.Has(ErofsLayout.IncompatComprCfgs) && !sb.Has(ErofsLayout.IncompatZtailpacking)
            && !sb.Has(ErofsLayout.IncompatFragments);
        if (!legacy)
        {
            Span<byte> map = stackalloc byte[ErofsLayout.MapHeaderSize];
            ReadFileSystem(header, map, "erofs map header");
            int clusterBits = map[ErofsLayout.MhClusterBits];
            if ((clusterBits & ErofsLayout.ClusterBitsFragmentInode) != 0)
            {
                RequireFragments(header);
                _wholeFragment = true;
                _fragmentOffset = (long)(BinaryPrimitives.ReadUInt64LittleEndian(map) & ~(1UL << 63) & (ulong)long.MaxValue);
                return;
            }

            _advise = BinaryPrimitives.ReadUInt16LittleEndian(map[ErofsLayout.MhAdvise..]);
            _head1Algorithm = map[ErofsLayout.MhAlgorithmType] & 0xF;
            _head2Algorithm = map[ErofsLayout.MhAlgorithmType] >> 4;
            _lclusterBits = BlockSizeBits + (clusterBits & 0x7);
            _inlineSize = BinaryPrimitives.ReadUInt16LittleEndian(map[ErofsLayout.MhIdataSize..]);
            _fragmentOffset = BinaryPrimitives.ReadUInt32LittleEndian(map[ErofsLayout.MhFragmentOffset..]);
            ValidateAdvise(header);
        }

        if (_lclusterBits > ErofsLimits.MaxLclusterBits)
        {
            throw Invalid(header, string.Create(CultureInfo.InvariantCulture, $"lcluster size 2^{_lclusterBits} exceeds 2^{ErofsLimits.MaxLclusterBits}"));
        }

        _lclusterCount = (inode.Size + (1L << _lclusterBits) - 1) >> _lclusterBits;
        ValidateIndexArea(header);
    }

    private bool BigPcluster1 => (_advise & ErofsLayout.AdviseBigPcluster1) != 0;

    private bool BigPcluster2 => (_advise & ErofsLayout.AdviseBigPcluster2) != 0;

    private bool HasInlineTail => (_advise & ErofsLayout.AdviseInlinePcluster) != 0;

    private bool HasFragmentTail => (_advise & ErofsLayout.AdviseFragmentPcluster) != 0;

    /// <inheritdoc />
    public override void Dispose()
    {
        if (_decoded is not null)
        {
            ArrayPool<byte>.Shared.Return(_decoded);
            _decoded = null;
        }

        _decodedValid = false;
    }

    protected override int ReadCore(long position, Span<byte> buffer)
    {
        if (!_extent.Contains(position))
        {
            _decodedValid = false;
            _extent = _wholeFragment
                ? new ErofsCompressedExtent(0, Length, ErofsExtentKind.Fragment, _fragmentOffset, 0, 0)
                : FindExtent(position);
        }

        int offset = (int)(position - _extent.Start);
        int n = (int)Math.Min(buffer.Length, _extent.End - position);
        switch (_extent.Kind)
        {
            case ErofsExtentKind.Plain:
                ReadFileSystem(_extent.PhysicalStart + offset, buffer[..n], "erofs plain pcluster");
                break;
            case ErofsExtentKind.Fragment:
                ReadFragment(_extent.PhysicalStart, offset, buffer[..n]);
                break;
            default:
                EnsureDecoded();
                _decoded.AsSpan(offset, n).CopyTo(buffer);
                break;
        }

        return n;
    }

    private void ValidateAdvise(long header)
    {
        if ((_advise & ErofsLayout.AdviseInterlacedPcluster) != 0)
        {
            throw new UnsupportedImageException(Region.ImagePath, string.Create(CultureInfo.InvariantCulture,
                $"erofs inode {Inode.Nid} uses interlaced plain pclusters, which are not supported"));
        }

        if (_compact && BigPcluster1 != BigPcluster2)
        {
            throw Invalid(header, "compact indexes with inconsistent big pcluster flags");
        }

        if ((BigPcluster1 || BigPcluster2) && !FileSystem.SuperBlock.Has(ErofsLayout.IncompatComprCfgs))
        {
            throw Invalid(header, "big pclusters without the BIG_PCLUSTER feature");
        }

        if (HasInlineTail)
        {
            if (!FileSystem.SuperBlock.Has(ErofsLayout.IncompatZtailpacking) || HasFragmentTail)
            {
                throw Invalid(header, "inline pcluster without the ZTAILPACKING feature, or together with a fragment");
            }

            if (_inlineSize == 0 || _inlineSize > (1 << BlockSizeBits))
            {
                throw Invalid(header, string.Create(CultureInfo.InvariantCulture, $"inline pcluster size {_inlineSize} outside 1..{1 << BlockSizeBits}"));
            }
        }

        if (HasFragmentTail)
        {
            RequireFragments(header);
        }
    }

    private void RequireFragments(long header)
    {
        if (!FileSystem.SuperBlock.Has(ErofsLayout.IncompatFragments))
        {
            throw Invalid(header, "fragment without the FRAGMENTS feature");
        }

        if (_isPackedInode)
        {
            throw Invalid(header, "the packed inode refers to a fragment of itself");
        }
    }

    private void ReadFragment(long fragmentOffset, int offset, Span<byte> buffer)
    {
        ErofsDataReader packed = FileSystem.GetPackedReader();
        if (fragmentOffset > packed.Length - offset)
        {
            throw Invalid(Inode.Position, string.Create(CultureInfo.InvariantCulture,
                $"fragment at {fragmentOffset} lies beyond the {packed.Length}-byte packed inode"));
        }

        packed.ReadExactly(fragmentOffset + offset, buffer);
    }

    private void EnsureDecoded()
    {
        if (_decodedValid)
        {
            return;
        }

        int length = _extent.Length;
        if (_decoded is null || _decoded.Length < length)
        {
            if (_decoded is not null)
            {
                ArrayPool<byte>.Shared.Return(_decoded);
                _decoded = null;
            }

            _decoded = ArrayPool<byte>.Shared.Rent(length);
        }

        Decompress(_extent, _decoded.AsSpan(0, length));
        _decodedValid = true;
    }

    private void Decompress(ErofsCompressedExtent extent, Span<byte> destination)
    {
        if (extent.Algorithm != ErofsLayout.AlgorithmLz4)
        {
            string name = extent.Algorithm switch
            {
                ErofsLayout.AlgorithmLzma => "lzma",
                ErofsLayout.AlgorithmDeflate => "deflate",
                ErofsLayout.AlgorithmZstd => "zstd",
                _ => string.Create(CultureInfo.InvariantCulture, $"unknown ({extent.Algorithm})"),
            };
            throw new UnsupportedImageException(Region.ImagePath, $"erofs {name} compression is not supported (inode {Inode.Nid.ToString(CultureInfo.InvariantCulture)})");
        }

        NativeCodecLibrary.EnsureAvailable(NativeCodecLibrary.Lz4, "lz4", Region.ImagePath);
        byte[] input = ArrayPool<byte>.Shared.Rent(extent.PhysicalLength);
        try
        {
            Span<byte> source = input.AsSpan(0, extent.PhysicalLength);
            ReadFileSystem(extent.PhysicalStart, source, "erofs pcluster");
            if (FileSystem.SuperBlock.Has(ErofsLayout.IncompatZeroPadding))
            {
                int skip = source.IndexOfAnyExcept((byte)0);
                if (skip < 0)
                {
                    throw Invalid(extent.PhysicalStart, "pcluster holds only zero padding");
                }

                source = source[skip..];
            }

            int produced;
            try
            {
                produced = new Lz4Decompressor().DecompressPartial(source, destination);
            }
            catch (DecompressionException e)
            {
                throw Invalid(extent.PhysicalStart, e.Message);
            }

            if (produced != destination.Length)
            {
                throw Invalid(extent.PhysicalStart, string.Create(CultureInfo.InvariantCulture,
                    $"pcluster decompressed to {produced} bytes, the extent needs {destination.Length}"));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
        }
    }
}
