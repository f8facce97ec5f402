// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Tests.Fixtures;
using Portabled.Dissect.Verity;
using Portabled.Testing;
using Portabled.Testing.Verity;

namespace Portabled.Dissect.Tests.Verity;

/// <summary>
/// Hash trees made by the real <c>veritysetup format</c> over random data, checked by us and by
/// <c>veritysetup verify</c> (the oracle) — intact and with one bit flipped in each structure.
/// </summary>
public class VerityHashTreeTests
{
    public static TheoryData<string, int, int, string?, int> Formats => new()
    {
        { "sha256", 4096, 4096, null, 1 },
        { "sha1", 4096, 4096, null, 1 },
        { "sha512", 4096, 4096, null, 1 },
        { "sha256", 512, 4096, null, 1 },
        { "sha256", 4096, 1024, null, 1 },
        { "sha512", 1024, 512, null, 1 },
        { "sha256", 4096, 4096, "-", 1 },
        { "sha256", 4096, 4096, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff0011", 1 },
        { "sha256", 4096, 4096, null, 0 },
        { "sha1", 1024, 4096, "abcdef", 0 },
    };

    [RequiresTheory("veritysetup")]
    [MemberData(nameof(Formats))]
    public void VerifyAll_IntactTree_AcceptedLikeVeritysetup(string hash, int dataBlock, int hashBlock, string? salt, int hashType)
    {
        var format = new VerityFormat(hash, dataBlock, hashBlock, salt, hashType);
        Tree t = Tree.Make(format, blocks: 300);

        Assert.True(VeritySetup.Verify(t.Data, t.Hash, t.RootHash, format));
        using var data = ImageFile.Open(t.Data);
        using var hashFile = ImageFile.Open(t.Hash);
        using VerityHashTree tree = VerityHashTree.Open(data.Whole, hashFile.Whole, Convert.FromHexString(t.RootHash));
        tree.VerifyAll();
        Assert.Equal(hash, tree.SuperBlock.Algorithm.Name);
        Assert.Equal(File.ReadAllBytes(t.Data), ReadAll(tree.VerifiedRegion));
    }

    [RequiresTheory("veritysetup")]
    [InlineData(1L)]
    [InlineData(2L)]
    [InlineData(129L)]
    [InlineData(16385L)]
    public void VerifyAll_BlockCounts_AcceptedLikeVeritysetup(long blocks)
    {
        var format = new VerityFormat(DataBlockSize: 512, HashBlockSize: 4096);
        Tree t = Tree.Make(format, blocks);

        Assert.True(VeritySetup.Verify(t.Data, t.Hash, t.RootHash, format));
        using var data = ImageFile.Open(t.Data);
        using var hashFile = ImageFile.Open(t.Hash);
        using VerityHashTree tree = VerityHashTree.Open(data.Whole, hashFile.Whole, Convert.FromHexString(t.RootHash));
        tree.VerifyAll(parallelism: 2);
        Assert.Equal(blocks, tree.SuperBlock.DataBlocks);
    }

    [RequiresFact("veritysetup")]
    public void Read_UnalignedPieces_EqualTheData()
    {
        Tree t = Tree.Make(VerityFormat.Default, blocks: 300);
        byte[] expected = File.ReadAllBytes(t.Data);
        using var data = ImageFile.Open(t.Data);
        using var hashFile = ImageFile.Open(t.Hash);
        using VerityHashTree tree = VerityHashTree.Open(data.Whole, hashFile.Whole, Convert.FromHexString(t.RootHash));
        var random = new Random(11);
        for (int i = 0; i < 500; i++)
        {
            int offset = random.Next(expected.Length);
            byte[] buffer = new byte[Math.Min(random.Next(1, 20000), expected.Length - offset)];
            tree.VerifiedRegion.ReadExactly(offset, buffer, "test");
            Assert.True(expected.AsSpan(offset, buffer.Length).SequenceEqual(buffer), $"read of {buffer.Length} at {offset}");
        }
    }

    /// <summary>Streaming reads (large, or continuing where the last ended) go through prefetched windows: same bytes, and a bad block still fails exactly the read that covers it.</summary>
    [RequiresTheory("veritysetup")]
    [InlineData(131072, -1L)]
    [InlineData(4096, -1L)]
    [InlineData(100000, -1L)]
    [InlineData(131072, 700L)]
    [InlineData(4096, 700L)]
    [InlineData(100000, 700L)]
    public void Read_Sequential_ThroughWindows(int chunk, long badBlock)
    {
        Tree t = Tree.Make(VerityFormat.Default, blocks: 1000);
        byte[] expected = File.ReadAllBytes(t.Data);
        if (badBlock >= 0)
        {
            VerityDiskImage.FlipBit(t.Data, (badBlock * 4096) + 99);
        }

        using var data = ImageFile.Open(t.Data);
        using var hashFile = ImageFile.Open(t.Hash);
        using VerityHashTree tree = VerityHashTree.Open(data.Whole, hashFile.Whole, Convert.FromHexString(t.RootHash));
        byte[] buffer = new byte[chunk];
        for (long position = 0; position < expected.Length; position += chunk)
        {
            int n = (int)Math.Min(chunk, expected.Length - position);
            bool coversBad = badBlock >= 0 && position < (badBlock + 1) * 4096 && badBlock * 4096 < position + n;
            if (coversBad)
            {
                var e = Assert.Throws<VerityMismatchException>(() => tree.VerifiedRegion.ReadExactly(position, buffer.AsSpan(0, n), "test"));
                Assert.Equal(badBlock, e.Block);
                continue;
            }

            tree.VerifiedRegion.ReadExactly(position, buffer.AsSpan(0, n), "test");
            Assert.True(expected.AsSpan((int)position, n).SequenceEqual(buffer.AsSpan(0, n)), $"read at {position}");
        }
    }

    /// <summary>One flipped bit in data block 200: veritysetup refuses it, and so do we, naming that block; other blocks still read.</summary>
    [RequiresTheory("veritysetup")]
    [InlineData(0)]
    [InlineData(7)]
    public void FlippedDataBit_ReadOfThatBlockFails(int bit)
    {
        Tree t = Tree.Make(VerityFormat.Default, blocks: 300);
        VerityDiskImage.FlipBit(t.Data, (200 * 4096) + 1234, bit);

        Assert.False(VeritySetup.Verify(t.Data, t.Hash, t.RootHash));
        using var data = ImageFile.Open(t.Data);
        using var hashFile = ImageFile.Open(t.Hash);
        using VerityHashTree tree = VerityHashTree.Open(data.Whole, hashFile.Whole, Convert.FromHexString(t.RootHash));
        var all = Assert.Throws<VerityMismatchException>(() => tree.VerifyAll());
        Assert.Equal((VerityBlockKind.Data, 200L), (all.Kind, all.Block));
        byte[] buffer = new byte[100];
        var read = Assert.Throws<VerityMismatchException>(() => tree.VerifiedRegion.Read((200 * 4096) + 1000, buffer));
        Assert.Contains("verity data block 200", read.Message, StringComparison.Ordinal);
        Assert.Contains(t.Data, read.Message, StringComparison.Ordinal);
        Assert.Equal(5, read.HResult);
        byte[] whole = new byte[3 * 4096];
        Assert.Throws<VerityMismatchException>(() => tree.VerifiedRegion.Read(199 * 4096, whole));
        Assert.All(whole, b => Assert.Equal(0, b));
        Assert.Equal(buffer.Length, tree.VerifiedRegion.Read(10, buffer));
    }

    /// <summary>A flipped bit in a leaf hash block: the blocks it covers cannot be read; the error names the hash block.</summary>
    [RequiresFact("veritysetup")]
    public void FlippedHashBit_CoveredBlocksFail()
    {
        Tree t = Tree.Make(VerityFormat.Default, blocks: 300);
        var g = new VerityTreeGeometry(300, 4096, 32, 1);
        long leaf = g.LevelStart(0) + 1;
        VerityDiskImage.FlipBit(t.Hash, (leaf * 4096) + 40);

        Assert.False(VeritySetup.Verify(t.Data, t.Hash, t.RootHash));
        using var data = ImageFile.Open(t.Data);
        using var hashFile = ImageFile.Open(t.Hash);
        using VerityHashTree tree = VerityHashTree.Open(data.Whole, hashFile.Whole, Convert.FromHexString(t.RootHash));
        var e = Assert.Throws<VerityMismatchException>(() => tree.VerifyAll());
        Assert.Equal((VerityBlockKind.Hash, leaf, 0), (e.Kind, e.Block, e.Level));
        Assert.Throws<VerityMismatchException>(() => tree.VerifiedRegion.Read(128 * 4096, new byte[10]));
        Assert.Equal(10, tree.VerifiedRegion.Read(127 * 4096, new byte[10]));
    }

    [RequiresFact("veritysetup")]
    public void Open_WrongRootHash_RefusedBeforeAnyRead()
    {
        Tree t = Tree.Make(VerityFormat.Default, blocks: 300);
        byte[] wrong = Convert.FromHexString(t.RootHash);
        wrong[^1] ^= 1;

        Assert.False(VeritySetup.Verify(t.Data, t.Hash, Convert.ToHexStringLower(wrong)));
        using var data = ImageFile.Open(t.Data);
        using var hashFile = ImageFile.Open(t.Hash);
        var e = Assert.Throws<VerityMismatchException>(() => VerityHashTree.Open(data.Whole, hashFile.Whole, wrong));
        Assert.Equal(VerityBlockKind.Hash, e.Kind);
        Assert.Contains("root hash", e.Message, StringComparison.Ordinal);
    }

    [RequiresFact("veritysetup")]
    public void Open_RootHashOfWrongLength_InvalidImage()
    {
        Tree t = Tree.Make(VerityFormat.Default, blocks: 10);
        using var data = ImageFile.Open(t.Data);
        using var hashFile = ImageFile.Open(t.Hash);

        Assert.Throws<InvalidImageException>(() => VerityHashTree.Open(data.Whole, hashFile.Whole, Convert.FromHexString(t.RootHash)[..16]));
    }

    [RequiresFact("veritysetup")]
    public void Open_TruncatedHashDevice_InvalidImage()
    {
        Tree t = Tree.Make(VerityFormat.Default, blocks: 300);
        using (var f = new FileStream(t.Hash, FileMode.Open))
        {
            f.SetLength(f.Length - 4096);
        }

        Assert.False(VeritySetup.Verify(t.Data, t.Hash, t.RootHash));
        using var data = ImageFile.Open(t.Data);
        using var hashFile = ImageFile.Open(t.Hash);
        var e = Assert.Throws<InvalidImageException>(() => VerityHashTree.Open(data.Whole, hashFile.Whole, Convert.FromHexString(t.RootHash)));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [RequiresFact("veritysetup")]
    public void Open_DataSmallerThanTree_InvalidImage()
    {
        Tree t = Tree.Make(VerityFormat.Default, blocks: 300);
        using var data = ImageFile.Open(t.Data);
        using var hashFile = ImageFile.Open(t.Hash);

        Assert.Throws<InvalidImageException>(() => VerityHashTree.Open(data.Whole.Slice(0, 299 * 4096, "test"), hashFile.Whole, Convert.FromHexString(t.RootHash)));
    }

    /// <summary>A flipped bit anywhere in the superblock is refused (by validation, or because the tree no longer matches), never a crash.</summary>
    [RequiresTheory("veritysetup")]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(34)]
    [InlineData(65)]
    [InlineData(69)]
    [InlineData(72)]
    [InlineData(74)]
    [InlineData(80)]
    [InlineData(90)]
    public void FlippedSuperBlockBit_Refused(int offset)
    {
        Tree t = Tree.Make(VerityFormat.Default, blocks: 300);
        VerityDiskImage.FlipBit(t.Hash, offset, 1);

        Assert.False(VeritySetup.Verify(t.Data, t.Hash, t.RootHash));
        using var data = ImageFile.Open(t.Data);
        using var hashFile = ImageFile.Open(t.Hash);
        Exception e = Assert.ThrowsAny<Exception>(() =>
        {
            using VerityHashTree tree = VerityHashTree.Open(data.Whole, hashFile.Whole, Convert.FromHexString(t.RootHash));
            tree.VerifyAll();
        });
        Assert.True(e is InvalidImageException or UnsupportedImageException, e.ToString());
    }

    /// <summary>The in-partition layout: data and tree in one device, the superblock at --hash-offset after the data.</summary>
    [RequiresTheory("veritysetup")]
    [InlineData(4096, 4096)]
    [InlineData(512, 1024)]
    public void Open_HashOffsetInSameDevice_Verified(int dataBlock, int hashBlock)
    {
        const long Blocks = 200;
        long hashOffset = (Blocks * dataBlock) + 8192;
        var format = new VerityFormat(DataBlockSize: dataBlock, HashBlockSize: hashBlock, HashOffset: hashOffset);
        string device = TestImages.NewPath("combined.img");
        File.WriteAllBytes(device, RandomBytes((int)(Blocks * dataBlock), 3));
        string rootHash = VeritySetup.Format(device, device, format, dataBlocks: Blocks);

        Assert.True(VeritySetup.Verify(device, device, rootHash, format, dataBlocks: Blocks));
        using var image = ImageFile.Open(device);
        using VerityHashTree tree = VerityHashTree.Open(image.Whole.Slice(0, hashOffset, "test"), image.Whole, Convert.FromHexString(rootHash), hashOffset);
        tree.VerifyAll();
        VerityDiskImage.FlipBit(device, 17 * dataBlock);
        var e = Assert.Throws<VerityMismatchException>(() => tree.VerifyAll());
        Assert.Equal(17, e.Block);
    }

    [RequiresFact("veritysetup")]
    public void VerifyAll_ReportsProgressUpToTheWholeSize()
    {
        Tree t = Tree.Make(VerityFormat.Default, blocks: 1000);
        using var data = ImageFile.Open(t.Data);
        using var hashFile = ImageFile.Open(t.Hash);
        using VerityHashTree tree = VerityHashTree.Open(data.Whole, hashFile.Whole, Convert.FromHexString(t.RootHash));
        long max = 0;

        tree.VerifyAll(done => InterlockedMax(ref max, done));

        Assert.Equal(1000L * 4096, max);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while ((current = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static byte[] ReadAll(ImageRegion region)
    {
        byte[] all = new byte[region.Length];
        region.ReadExactly(0, all, "test");
        return all;
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        byte[] b = new byte[count];
        new Random(seed).NextBytes(b);
        return b;
    }

    private sealed record Tree(string Data, string Hash, string RootHash)
    {
        public static Tree Make(VerityFormat format, long blocks)
        {
            string data = TestImages.NewPath("verity.data");
            string hash = TestImages.NewPath("verity.hash");
            File.WriteAllBytes(data, RandomBytes((int)(blocks * format.DataBlockSize), (int)blocks));
            return new Tree(data, hash, VeritySetup.Format(data, hash, format));
        }
    }
}
