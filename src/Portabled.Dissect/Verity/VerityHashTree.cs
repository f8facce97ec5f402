// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;

namespace Portabled.Dissect.Verity;

/// <summary>
/// A dm-verity protected data region checked in userspace, the way the kernel's dm-verity checks it
/// (docs/image-readers.md, "dm-verity"). <see cref="Open"/> reads the superblock, checks that the hash
/// device holds the whole tree and that the top-level hash block matches the root hash, before any
/// data is read. After that <see cref="VerifiedRegion"/> reads the data with every data block checked
/// against its digest, whose hash blocks are checked up to the root on first use and then kept in a
/// bounded cache. A block that does not match fails the read with <see cref="VerityMismatchException"/>.
/// </summary>
public sealed partial class VerityHashTree : IRegionSource, IDisposable
{
    // Verified hash blocks kept: 1 MiB (256 blocks of 4 KiB cover the leaf digests of 128 MiB of data).
    private const int HashCacheBytes = 1 << 20;

    // Verified data blocks kept for reads smaller than a block (file system metadata is read piecemeal).
    private const int DataCacheBlocks = 32;

    private readonly ImageRegion _data;
    private readonly ImageRegion _hash;
    private readonly byte[] _rootHash;

    // Foreground reads are serialised by _readLock and hash with _hasher; the caches are shared with the
    // prefetch and the whole-tree check under _cacheLock.
    private readonly VerityHasher _hasher;
    private readonly VerityHasher _prefetchHasher;
    private readonly VerifiedBlockCache _hashCache;
    private readonly VerifiedBlockCache _dataCache;
    private readonly Lock _readLock = new();
    private readonly Lock _cacheLock = new();
    private long _lastReadEnd = -1;

    private VerityHashTree(ImageRegion data, ImageRegion hash, VeritySuperBlock superBlock, VerityTreeGeometry geometry, byte[] rootHash)
    {
        _data = data;
        _hash = hash;
        SuperBlock = superBlock;
        Geometry = geometry;
        _rootHash = rootHash;
        _hasher = new VerityHasher(superBlock);
        _prefetchHasher = new VerityHasher(superBlock);
        _hashCache = new VerifiedBlockCache(Math.Max(geometry.Levels + 2, HashCacheBytes / superBlock.HashBlockSize));
        _dataCache = new VerifiedBlockCache(DataCacheBlocks);
        VerifiedRegion = new ImageRegion(this, data.ImagePath, data.Offset, superBlock.DataSize);
    }

    /// <summary>The superblock.</summary>
    public VeritySuperBlock SuperBlock { get; }

    /// <summary>Where the tree's levels lie.</summary>
    public VerityTreeGeometry Geometry { get; }

    /// <summary>The root hash the tree was checked against.</summary>
    public ReadOnlyMemory<byte> RootHash => _rootHash;

    /// <summary>The protected data (<see cref="VeritySuperBlock.DataSize"/> bytes from the start of the data region), every read checked.</summary>
    public ImageRegion VerifiedRegion { get; }

    /// <summary>
    /// Opens the tree in <paramref name="hash"/> (superblock at <paramref name="hashOffset"/>) protecting
    /// <paramref name="data"/> and checks its top against <paramref name="rootHash"/>. A root hash that
    /// does not match throws <see cref="VerityMismatchException"/>; a malformed superblock, a data region
    /// smaller than the tree covers or a truncated hash region throws <see cref="InvalidImageException"/>.
    /// </summary>
    public static VerityHashTree Open(ImageRegion data, ImageRegion hash, ReadOnlySpan<byte> rootHash, long hashOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentOutOfRangeException.ThrowIfNegative(hashOffset);
        VeritySuperBlock sb = VeritySuperBlock.Read(hash, hashOffset);
        if (rootHash.Length != sb.Algorithm.DigestSize)
        {
            throw new InvalidImageException(hash.ImagePath, Format(
                $"root hash of {rootHash.Length} bytes does not fit the verity hash algorithm {sb.Algorithm.Name} ({sb.Algorithm.DigestSize} bytes)"));
        }

        if (sb.DataSize > data.Length)
        {
            throw new InvalidImageException(data.ImagePath, "verity data", data.Offset, Format(
                $"the hash tree covers {sb.DataBlocks} blocks of {sb.DataBlockSize} bytes, more than the {data.Length}-byte data region"));
        }

        var geometry = new VerityTreeGeometry(sb.DataBlocks, sb.HashBlockSize, sb.Algorithm.DigestSize,
            VerityTreeGeometry.StartBlockFor(hashOffset, sb.HashBlockSize), packedDigests: sb.HashType == VerityLayout.HashTypeChromeOs);
        long needed = checked(geometry.EndBlock * sb.HashBlockSize);
        if (needed > hash.Length)
        {
            throw new InvalidImageException(hash.ImagePath, "verity hash tree", hash.Offset, Format(
                $"the tree needs {needed} bytes but the hash region has {hash.Length} (truncated)"));
        }

        var tree = new VerityHashTree(data, hash, sb, geometry, rootHash.ToArray());
        try
        {
            tree.CheckRoot();
        }
        catch
        {
            tree.Dispose();
            throw;
        }

        return tree;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_readLock)
        {
            WaitForPrefetch();
            _hasher.Dispose();
            _prefetchHasher.Dispose();
        }
    }

    /// <inheritdoc />
    int IRegionSource.Read(long offset, Span<byte> buffer)
    {
        long position = offset - _data.Offset;
        long size = SuperBlock.DataSize;
        if (position < 0 || position > size)
        {
            throw new InvalidImageException(_data.ImagePath, "verity data", offset, "read outside the protected data");
        }

        int count = (int)Math.Min(buffer.Length, size - position);
        lock (_readLock)
        {
            if (IsStreaming(position, count))
            {
                ReadStreaming(position, buffer[..count]);
            }
            else
            {
                ReadBlocks(position, buffer[..count]);
            }

            _lastReadEnd = position + count;
        }

        return count;
    }

    /// <summary>Reads through the per-block path: whole blocks checked in the caller's buffer, partial ones through the data block cache.</summary>
    private void ReadBlocks(long position, Span<byte> destination)
    {
        int blockSize = SuperBlock.DataBlockSize;
        while (!destination.IsEmpty)
        {
            long block = position / blockSize;
            int within = (int)(position % blockSize);
            int take = Math.Min(blockSize - within, destination.Length);
            if (within == 0 && take == blockSize)
            {
                // Whole blocks straight into the caller's buffer, checked there; cleared if one fails.
                int whole = destination.Length / blockSize;
                Span<byte> run = destination[..(whole * blockSize)];
                _data.ReadExactly(block * blockSize, run, "verity data");
                try
                {
                    CheckDataBlocks(block, run, _hasher);
                }
                catch
                {
                    run.Clear();
                    throw;
                }

                take = run.Length;
            }
            else
            {
                GetDataBlock(block).AsSpan(within, take).CopyTo(destination);
            }

            destination = destination[take..];
            position += take;
        }
    }

    private byte[] GetDataBlock(long block)
    {
        lock (_cacheLock)
        {
            if (_dataCache.TryGet(block, out byte[] cached))
            {
                return cached;
            }
        }

        byte[] buffer = new byte[SuperBlock.DataBlockSize];
        _data.ReadExactly(block * buffer.Length, buffer, "verity data");
        CheckDataBlocks(block, buffer, _hasher);
        lock (_cacheLock)
        {
            _dataCache.Add(block, buffer);
        }

        return buffer;
    }

    /// <summary>Checks the whole data blocks in <paramref name="bytes"/>, the first being <paramref name="first"/>, against their digests in the (verified) level-0 hash blocks.</summary>
    private void CheckDataBlocks(long first, ReadOnlySpan<byte> bytes, VerityHasher hasher)
    {
        int blockSize = SuperBlock.DataBlockSize;
        int count = bytes.Length / blockSize;
        if (Geometry.Levels == 0)
        {
            if (!hasher.Matches(bytes[..blockSize], _rootHash))
            {
                throw DataMismatch(first);
            }

            return;
        }

        int bits = Geometry.HashPerBlockBits;
        long mask = (1L << bits) - 1;
        byte[]? leaf = null;
        long leafIndex = -1;
        for (int i = 0; i < count; i++)
        {
            long block = first + i;
            if (block >> bits != leafIndex)
            {
                leafIndex = block >> bits;
                lock (_cacheLock)
                {
                    leaf = GetVerifiedHashBlock(0, leafIndex, hasher);
                }
            }

            if (!hasher.Matches(bytes.Slice(i * blockSize, blockSize), leaf.AsSpan((int)(block & mask) * Geometry.SlotSize, Geometry.DigestSize)))
            {
                throw DataMismatch(block);
            }
        }
    }

    /// <summary>
    /// Hash block <paramref name="index"/> of <paramref name="level"/>, checked against its parent's digest
    /// (or the root hash) on first use, hashed with <paramref name="hasher"/>. The caller holds <see cref="_cacheLock"/>;
    /// cached arrays are never written again, so they may be read after the lock is released.
    /// </summary>
    private byte[] GetVerifiedHashBlock(int level, long index, VerityHasher hasher)
    {
        long absolute = Geometry.LevelStart(level) + index;
        if (_hashCache.TryGet(absolute, out byte[] cached))
        {
            return cached;
        }

        byte[] block = new byte[SuperBlock.HashBlockSize];
        long at = absolute * block.Length;
        _hash.ReadExactly(at, block, "verity hash block");
        ReadOnlySpan<byte> expected;
        if (level == Geometry.Levels - 1)
        {
            expected = _rootHash;
        }
        else
        {
            byte[] parent = GetVerifiedHashBlock(level + 1, index >> Geometry.HashPerBlockBits, hasher);
            int slot = (int)(index & ((1L << Geometry.HashPerBlockBits) - 1));
            expected = parent.AsSpan(slot * Geometry.SlotSize, Geometry.DigestSize);
        }

        if (!hasher.Matches(block, expected))
        {
            throw new VerityMismatchException(_hash.ImagePath, VerityBlockKind.Hash, absolute, level, _hash.Offset + at,
                level == Geometry.Levels - 1 ? "does not match the root hash" : "does not match its digest in the level above");
        }

        _hashCache.Add(absolute, block);
        return block;
    }

    private void CheckRoot()
    {
        if (Geometry.Levels == 0)
        {
            GetDataBlock(0);
            return;
        }

        lock (_cacheLock)
        {
            GetVerifiedHashBlock(Geometry.Levels - 1, 0, _hasher);
        }
    }

    private VerityMismatchException DataMismatch(long block) =>
        new(_data.ImagePath, VerityBlockKind.Data, block, -1, _data.Offset + (block * SuperBlock.DataBlockSize),
            Geometry.Levels == 0 ? "does not match the root hash" : "does not match its digest in the hash tree");

    private static string Format(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
