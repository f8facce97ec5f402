// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Verity;

namespace Portabled.Dissect.Tests.Verity;

public class VerityTreeGeometryTests
{
    /// <summary>Levels and level sizes worked out by hand from the kernel's rules (128 sha256 digests per 4 KiB block).</summary>
    [Theory]
    [InlineData(1L, 0, new long[0])]
    [InlineData(2L, 1, new long[] { 1 })]
    [InlineData(128L, 1, new long[] { 1 })]
    [InlineData(129L, 2, new long[] { 2, 1 })]
    [InlineData(16384L, 2, new long[] { 128, 1 })]
    [InlineData(16385L, 3, new long[] { 129, 2, 1 })]
    [InlineData(262144L, 3, new long[] { 2048, 16, 1 })]
    public void Levels_Sha256FourKiB_AsTheKernelComputes(long dataBlocks, int levels, long[] blocksPerLevel)
    {
        var g = new VerityTreeGeometry(dataBlocks, 4096, 32, hashStartBlock: 1);

        Assert.Equal(levels, g.Levels);
        Assert.Equal(blocksPerLevel, Enumerable.Range(0, g.Levels).Select(g.LevelBlocks));
        Assert.Equal(1 + blocksPerLevel.Sum(), g.EndBlock);
    }

    [Fact]
    public void LevelStart_TopLevelFirst()
    {
        var g = new VerityTreeGeometry(16385, 4096, 32, hashStartBlock: 1);

        Assert.Equal(1, g.LevelStart(2));
        Assert.Equal(2, g.LevelStart(1));
        Assert.Equal(4, g.LevelStart(0));
    }

    /// <summary>Digest slots are powers of two: sha1 (20 bytes) still gets 32-byte slots, 128 of them per 4 KiB; sha512 gets 64.</summary>
    [Theory]
    [InlineData(20, 4096, 7, 32)]
    [InlineData(32, 4096, 7, 32)]
    [InlineData(64, 4096, 6, 64)]
    [InlineData(32, 512, 4, 32)]
    [InlineData(64, 1024, 4, 64)]
    public void Slots_PowerOfTwo(int digest, int hashBlock, int bits, int slot)
    {
        var g = new VerityTreeGeometry(1000, hashBlock, digest, 1);

        Assert.Equal(bits, g.HashPerBlockBits);
        Assert.Equal(slot, g.SlotSize);
    }

    [Fact]
    public void Slots_HashType0_Packed()
    {
        var g = new VerityTreeGeometry(1000, 4096, 20, 1, packedDigests: true);

        Assert.Equal(7, g.HashPerBlockBits);
        Assert.Equal(20, g.SlotSize);
    }

    /// <summary>The tree starts after the superblock, rounded up to a hash block, from the hash offset.</summary>
    [Theory]
    [InlineData(0L, 4096, 1L)]
    [InlineData(0L, 512, 1L)]
    [InlineData(1048576L, 4096, 257L)]
    [InlineData(512L, 4096, 1L)]
    [InlineData(4096L, 1024, 5L)]
    public void StartBlockFor_SuperBlockThenTree(long hashOffset, int hashBlock, long start)
    {
        Assert.Equal(start, VerityTreeGeometry.StartBlockFor(hashOffset, hashBlock));
    }

    [Theory]
    [InlineData(0L, 4096, 32)]
    [InlineData(10L, 4095, 32)]
    [InlineData(10L, 32, 32)]
    public void Constructor_Impossible_Throws(long dataBlocks, int hashBlock, int digest)
    {
        Assert.ThrowsAny<ArgumentException>(() => new VerityTreeGeometry(dataBlocks, hashBlock, digest, 1));
    }
}
