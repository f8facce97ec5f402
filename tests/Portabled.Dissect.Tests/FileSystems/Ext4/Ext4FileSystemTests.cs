// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.Ext4;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.FileSystems.Ext4;

/// <summary>The ext2/3/4 reader against the kernel's view of real mke2fs images.</summary>
[Collection(Ext4ImageCollection.Name)]
public sealed class Ext4FileSystemTests
{
    private readonly Ext4ImageFixture _fixture;

    /// <summary>Gets the shared images.</summary>
    public Ext4FileSystemTests(Ext4ImageFixture fixture)
    {
        _fixture = fixture;
    }

    /// <summary>Every variant of <see cref="Ext4ImageFixture.Variants"/>.</summary>
    public static TheoryData<string> VariantNames => [.. Ext4ImageFixture.Variants.Keys];

    [RequiresTheory("mke2fs", "e2fsck", "root")]
    [MemberData(nameof(VariantNames))]
    public void Listing_Variant_MatchesKernel(string variant)
    {
        string image = _fixture.Image(variant);
        IReadOnlyList<string> kernel = KernelOracle.List(image);
        IReadOnlyList<string> ours;
        using (ImageFile file = ImageFile.Open(image))
        using (IReadOnlyFileSystem fs = new Ext4Format().Open(file.Whole))
        {
            ours = FileSystemListing.FromFileSystem(fs);
            AssertVariantStructures(fs, variant);
        }

        Assert.Contains(kernel, l => l.StartsWith("lost+found\t", StringComparison.Ordinal));
        Assert.True(kernel.Count > 1000, $"kernel listed only {kernel.Count} entries");
        Assert.Equal(kernel, ours);
    }

    [RequiresTheory("mke2fs", "e2fsck")]
    [InlineData("ext4-default", "ext4")]
    [InlineData("ext2-1k", "ext2")]
    [InlineData("ext4-nocsum", "ext4")]
    public void FormatName_Variant_IsBlkidName(string variant, string expected)
    {
        using ImageFile file = ImageFile.Open(_fixture.Image(variant));
        Assert.True(new Ext4Format().Probe(file.Whole));
        Assert.Same(typeof(Ext4Format), FileSystemFormats.Probe(file.Whole)?.GetType());
        using var fs = new Ext4FileSystem(file.Whole);
        Assert.Equal(expected, fs.FormatName);
    }

    [RequiresTheory("mke2fs", "e2fsck")]
    [InlineData("ext4-default")]
    [InlineData("ext4-inline")]
    [InlineData("ext2-1k")]
    public void TryResolve_Links_FollowImageRootRules(string variant)
    {
        using ImageFile file = ImageFile.Open(_fixture.Image(variant));
        using var fs = new Ext4FileSystem(file.Whole);

        Assert.True(ImagePathResolver.TryResolve(fs, "/links/up", followFinalSymlink: true, out ResolvedPath up));
        Assert.Equal("/small.txt", up.CanonicalPath);
        Assert.True(ImagePathResolver.TryResolve(fs, "links/abs", followFinalSymlink: true, out ResolvedPath abs));
        Assert.Equal("/small.txt", abs.CanonicalPath);
        Assert.True(ImagePathResolver.TryResolve(fs, "/links/abs-chain", followFinalSymlink: true, out ResolvedPath chain));
        Assert.Equal("/usr/lib/os-release", chain.CanonicalPath);
        Assert.Equal("ID=test\n", ReadAll(fs, chain.Node));
        Assert.True(ImagePathResolver.TryResolve(fs, "/../../links/deep-link/level1/../level1/level2", followFinalSymlink: true, out ResolvedPath deep));
        Assert.Equal("/deep/level1/level2", deep.CanonicalPath);
        Assert.True(ImagePathResolver.TryResolve(fs, "/links/abs", followFinalSymlink: false, out ResolvedPath link));
        Assert.Equal(FileType.SymbolicLink, link.Node.Type);

        Assert.False(ImagePathResolver.TryResolve(fs, "/links/dangling", followFinalSymlink: true, out _));
        Assert.False(ImagePathResolver.TryResolve(fs, "/small.txt/x", followFinalSymlink: true, out _));
        Assert.False(ImagePathResolver.TryResolve(fs, "/nonexistent", followFinalSymlink: true, out _));
        Assert.Throws<SymbolicLinkLoopException>(() => ImagePathResolver.TryResolve(fs, "/links/loop-a", followFinalSymlink: true, out _));
    }

    [RequiresTheory("mke2fs", "e2fsck")]
    [InlineData("ext4-default")]
    [InlineData("ext4-inline")]
    [InlineData("ext2-1k")]
    public void TryLookup_Names_MatchesOnlyExactEntries(string variant)
    {
        using ImageFile file = ImageFile.Open(_fixture.Image(variant));
        using var fs = new Ext4FileSystem(file.Whole);

        Assert.True(fs.TryLookup(fs.Root, new string('n', 255), out FileSystemNode? longName));
        Assert.Equal("long\n", ReadAll(fs, longName!));
        Assert.True(fs.TryLookup(fs.Root, "ünïcödé name", out _));
        Assert.True(fs.TryLookup(fs.Root, "many", out FileSystemNode? many));
        Assert.True(fs.TryLookup(many!, new string('e', 200) + "-999", out _));
        Assert.False(fs.TryLookup(many!, new string('e', 200) + "-1001", out _));
        Assert.Equal(1000, fs.EnumerateDirectory(many!).Count());
        foreach (string bad in new[] { "", ".", "..", "a/b", "small.txt\0" })
        {
            Assert.False(fs.TryLookup(fs.Root, bad, out _));
        }

        Assert.True(fs.TryLookup(fs.Root, "small.txt", out FileSystemNode? small));
        Assert.True(fs.TryLookup(fs.Root, "hardlink.txt", out FileSystemNode? hard));
        Assert.Equal(small!.InodeNumber, hard!.InodeNumber);
        Assert.Equal(2u, small.LinkCount);
        Assert.True(fs.TryLookup(fs.Root, "big-dev", out FileSystemNode? dev));
        Assert.Equal((300u, 70000u), (dev!.DeviceMajor, dev.DeviceMinor));
        Assert.True(fs.TryLookup(fs.Root, "owned-high", out FileSystemNode? owned));
        Assert.Equal((70000u, 70001u), (owned!.Uid, owned.Gid));
    }

    [RequiresTheory("mke2fs", "e2fsck")]
    [InlineData("ext4-default")]
    [InlineData("ext2-1k")]
    public void OpenRead_SeekIntoSparseAndLargeFiles_ReadsSameBytesAsSource(string variant)
    {
        using ImageFile file = ImageFile.Open(_fixture.Image(variant));
        using var fs = new Ext4FileSystem(file.Whole);
        foreach ((string name, long offset) in new[] { ("sparse-triple.bin", 68000000L - 5), ("large.bin", 12345678L), ("sparse.bin", 4999999L) })
        {
            Assert.True(fs.TryLookup(fs.Root, name, out FileSystemNode? node));
            using Stream ours = fs.OpenRead(node!);
            using FileStream source = File.OpenRead(Path.Join(_fixture.RichTree, name));
            Assert.Equal(source.Length, ours.Length);
            ours.Seek(offset, SeekOrigin.Begin);
            source.Seek(offset, SeekOrigin.Begin);
            var expected = new byte[70000];
            var actual = new byte[70000];
            source.ReadAtLeast(expected, expected.Length, throwOnEndOfStream: false);
            ours.ReadAtLeast(actual, actual.Length, throwOnEndOfStream: false);
            Assert.Equal(expected, actual);
        }
    }

    [RequiresFact("mke2fs", "debugfs")]
    public void ModificationTime_ExtraField_DecodesEpochBitsAndNanoseconds()
    {
        string image = _fixture.CopyOf("small-csum", "mtime");
        // 0xF4865700 with epoch bits 01 is 2100-01-01T00:00:00Z; the upper 30 bits are 123456789 ns.
        ProcessRunner.RunChecked("debugfs", "-w", "-R", "sif /file.txt mtime 0xF4865700", image);
        ProcessRunner.RunChecked("debugfs", "-w", "-R", "sif /file.txt mtime_extra 0x1D6F3455", image);
        using ImageFile file = ImageFile.Open(image);
        using var fs = new Ext4FileSystem(file.Whole);
        Assert.True(fs.TryLookup(fs.Root, "file.txt", out FileSystemNode? node));
        Assert.Equal(4102444800L, node!.ModificationTimeSeconds);
        Assert.Equal(123456789u, node.ModificationTimeNanoseconds);
    }

    [RequiresFact("mke2fs")]
    public void Open_RegionInsideLargerFile_ReadsSameTreeAsWholeImage()
    {
        byte[] image = File.ReadAllBytes(_fixture.Image("small-csum"));
        string embedded = _fixture.Scratch("embedded.img");
        const int lead = 1 << 20;
        using (FileStream f = File.Create(embedded))
        {
            f.Write(new byte[lead]);
            f.Write(image);
            f.Write(Enumerable.Repeat((byte)0xEE, 4096).ToArray());
        }

        IReadOnlyList<string> whole;
        using (ImageFile file = ImageFile.Open(_fixture.Image("small-csum")))
        using (var fs = new Ext4FileSystem(file.Whole))
        {
            whole = FileSystemListing.FromFileSystem(fs);
        }

        using ImageFile outer = ImageFile.Open(embedded);
        Assert.False(new Ext4Format().Probe(outer.Whole));
        ImageRegion region = outer.Whole.Slice(lead, image.Length, "partition");
        Assert.True(new Ext4Format().Probe(region));
        using var inner = new Ext4FileSystem(region);
        Assert.Equal(whole, FileSystemListing.FromFileSystem(inner));
    }

    [Fact]
    public void Probe_Garbage_IsFalse()
    {
        using var temp = new TempDirectory("portabled-ext4-probe");
        string path = temp["garbage.img"];
        File.WriteAllBytes(path, new byte[1000]);
        using ImageFile file = ImageFile.Open(path);
        Assert.False(new Ext4Format().Probe(file.Whole));
    }

    /// <summary>Checks the image really has the structures the variant is meant to exercise.</summary>
    private static void AssertVariantStructures(IReadOnlyFileSystem fs, string variant)
    {
        uint Flags(string name) => fs.TryLookup(fs.Root, name, out FileSystemNode? n) ? ((Ext4Node)n!).Inode.Flags : throw new KeyNotFoundException(name);
        const uint index = 0x1000, extents = 0x80000, inline = 0x10000000;
        Assert.Equal(variant != "ext4-nodirindex", (Flags("many") & index) != 0);
        Assert.Equal(variant is not ("ext2-1k" or "ext4-noextent-1k"), (Flags("large.bin") & extents) != 0);
        Assert.Equal(variant == "ext4-inline", (Flags("small-dir") & inline) != 0);
        Assert.Equal(variant == "ext4-inline", (Flags("seventy") & inline) != 0);
    }

    private static string ReadAll(IReadOnlyFileSystem fs, FileSystemNode node)
    {
        using var reader = new StreamReader(fs.OpenRead(node));
        return reader.ReadToEnd();
    }
}
