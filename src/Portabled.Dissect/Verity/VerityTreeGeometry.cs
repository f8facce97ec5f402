// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Numerics;

namespace Portabled.Dissect.Verity;

/// <summary>
/// Where each level of a dm-verity hash tree lies, computed as the kernel (dm-verity-target.c) and
/// veritysetup compute it (docs/image-readers.md, "dm-verity"):
/// <list type="bullet">
/// <item>a hash block holds 2^⌊log2(hash block size / digest size)⌋ digest slots, each slot
/// hash block size / that count bytes (digests shorter than their slot are zero-padded) — except
/// for hash type 0 (Chrome OS), whose digests are packed one after the other;</item>
/// <item>the tree has the least number of levels L such that (data blocks − 1) >> (L × bits) is 0,
/// so the top level is one block (L is 0 for a single data block, whose digest is the root hash);</item>
/// <item>levels are stored top first, starting at hash block ⌈(hash offset + 512) / hash block size⌉
/// of the hash device (the superblock comes first); level i has
/// ⌈data blocks / 2^((i + 1) × bits)⌉ blocks; level 0 holds the data blocks' digests.</item>
/// </list>
/// </summary>
public sealed class VerityTreeGeometry
{
    private readonly long[] _levelStart;
    private readonly long[] _levelBlocks;

    /// <summary>Computes the layout for <paramref name="dataBlocks"/> data blocks; throws <see cref="ArgumentException"/> for sizes no superblock can hold.</summary>
    public VerityTreeGeometry(long dataBlocks, int hashBlockSize, int digestSize, long hashStartBlock, bool packedDigests = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dataBlocks, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(hashStartBlock);
        if (!BitOperations.IsPow2(hashBlockSize) || digestSize <= 0 || hashBlockSize / digestSize < 2)
        {
            throw new ArgumentException("hash block size must be a power of two holding at least two digests", nameof(hashBlockSize));
        }

        HashBlockSize = hashBlockSize;
        DigestSize = digestSize;
        HashPerBlockBits = BitOperations.Log2((uint)(hashBlockSize / digestSize));
        SlotSize = packedDigests ? digestSize : hashBlockSize >> HashPerBlockBits;
        HashStartBlock = hashStartBlock;

        int levels = 0;
        while (HashPerBlockBits * levels < 64 && ((ulong)(dataBlocks - 1) >> (HashPerBlockBits * levels)) != 0)
        {
            levels++;
        }

        if (levels > VerityLayout.MaxLevels)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{levels} hash levels exceed {VerityLayout.MaxLevels}"), nameof(dataBlocks));
        }

        Levels = levels;
        _levelStart = new long[levels];
        _levelBlocks = new long[levels];
        long position = hashStartBlock;
        for (int i = levels - 1; i >= 0; i--)
        {
            int shift = (i + 1) * HashPerBlockBits;
            long count = shift >= 63 ? 1 : (long)(((ulong)dataBlocks + (1UL << shift) - 1) >> shift);
            _levelStart[i] = position;
            _levelBlocks[i] = count;
            position = checked(position + count);
        }

        EndBlock = position;
    }

    /// <summary>Hash block size in bytes.</summary>
    public int HashBlockSize { get; }

    /// <summary>Digest size in bytes.</summary>
    public int DigestSize { get; }

    /// <summary>log2 of the digest slots per hash block.</summary>
    public int HashPerBlockBits { get; }

    /// <summary>Bytes per digest slot (a power of two, at least the digest size).</summary>
    public int SlotSize { get; }

    /// <summary>Number of levels (0 when there is a single data block).</summary>
    public int Levels { get; }

    /// <summary>Index (in hash blocks from the start of the hash device) of the first tree block.</summary>
    public long HashStartBlock { get; }

    /// <summary>Index one past the last tree block: the hash device needs <c>EndBlock × HashBlockSize</c> bytes.</summary>
    public long EndBlock { get; }

    /// <summary>The hash block index where the tree starts for a superblock at <paramref name="hashOffset"/> (veritysetup's rule).</summary>
    public static long StartBlockFor(long hashOffset, int hashBlockSize) =>
        checked(hashOffset + VerityLayout.SuperBlockSize + hashBlockSize - 1) / hashBlockSize;

    /// <summary>Index of the first block of <paramref name="level"/> on the hash device.</summary>
    public long LevelStart(int level) => _levelStart[level];

    /// <summary>Number of blocks of <paramref name="level"/>.</summary>
    public long LevelBlocks(int level) => _levelBlocks[level];
}
