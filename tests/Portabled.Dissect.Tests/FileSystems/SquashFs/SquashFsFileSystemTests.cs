// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Compression;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.SquashFs;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.FileSystems.SquashFs;

[Collection(SquashFsCollection.Name)]
public sealed class SquashFsFileSystemTests
{
    private readonly SquashFsImageFixture _fixture;

    public SquashFsFileSystemTests(SquashFsImageFixture fixture)
    {
        _fixture = fixture;
    }

    [RequiresTheory("mksquashfs", "root")]
    [MemberData(nameof(SquashFsVariant.Names), MemberType = typeof(SquashFsVariant))]
    public void Listing_EveryVariant_MatchesKernel(string variant)
    {
        SquashFsVariant v = SquashFsVariant.Get(variant);
        string image = _fixture.Image(variant);
        IReadOnlyList<string> expected = v.KernelMountable
            ? KernelOracle.List(image, fsType: "squashfs")
            : KernelOracle.List(_fixture.Image(v.Reference!), fsType: "squashfs");

        IReadOnlyList<string> actual = ListOurs(image);

        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected, actual);
        if (v.KernelMountable && TestEnvironment.FindTool("getfattr") is not null)
        {
            // The tree's special nodes carry trusted.* xattrs (extended inode types of every kind).
            using ImageFile file = ImageFile.Open(image);
            using IReadOnlyFileSystem fs = new SquashFsFormat().Open(file.Whole);
            Assert.Equal(KernelOracle.ListExtendedAttributes(image, "squashfs"), ExtendedAttributeListing.FromFileSystem(fs));
        }
    }

    [RequiresTheory("mksquashfs")]
    [InlineData("gzip-4k")]
    [InlineData("xz-1m-bcj-allroot")]
    public void Open_ProbesAndReportsSuperBlock(string variant)
    {
        string image = _fixture.Image(variant);
        using ImageFile file = ImageFile.Open(image);

        IFileSystemFormat? format = FileSystemFormats.Probe(file.Whole);
        Assert.IsType<SquashFsFormat>(format);
        using var fs = (SquashFsFileSystem)format!.Open(file.Whole);
        Assert.Equal("squashfs", fs.FormatName);
        Assert.Equal(FileType.Directory, fs.Root.Type);
        Assert.True(fs.SuperBlock.BytesUsed <= file.Length);
        Assert.Equal(fs.SuperBlock.InodeCount, fs.Root.InodeNumber);
    }

    [RequiresFact("mksquashfs")]
    public void Probe_OtherData_ReturnsFalse()
    {
        string path = _fixture.CopyOf(_fixture.SmallImage(uncompressed: false), "probe-other");
        File.WriteAllBytes(path, new byte[4096]);
        using ImageFile file = ImageFile.Open(path);
        Assert.False(new SquashFsFormat().Probe(file.Whole));
        File.WriteAllBytes(path, "hs"u8.ToArray());
        using ImageFile tiny = ImageFile.Open(path);
        Assert.False(new SquashFsFormat().Probe(tiny.Whole));
    }

    [RequiresFact("mksquashfs")]
    public void HardLinks_ShareInodeAndContent()
    {
        using ImageFile file = ImageFile.Open(_fixture.Image("gzip-128k"));
        using var fs = SquashFsFileSystem.Open(file.Whole);
        FileSystemNode a = Resolve(fs, "/links/hard-a");
        FileSystemNode b = Resolve(fs, "/links/hard-b");

        Assert.Equal(a.InodeNumber, b.InodeNumber);
        Assert.Equal(3u, a.LinkCount);
        Assert.Equal(ReadAll(fs, a), ReadAll(fs, b));
    }

    [RequiresFact("mksquashfs")]
    public void OpenRead_SeekAndPartialReads_MatchSequentialRead()
    {
        using ImageFile file = ImageFile.Open(_fixture.Image("gzip-4k"));
        using var fs = SquashFsFileSystem.Open(file.Whole);
        FileSystemNode node = Resolve(fs, "/sparse/middle");
        byte[] whole = ReadAll(fs, node);
        Assert.Equal(node.Size, whole.Length);
        Assert.All(whole.AsSpan(0, 1 << 20).ToArray(), b => Assert.Equal(0, b));

        using Stream s = fs.OpenRead(node);
        Assert.True(s.CanSeek);
        Assert.False(s.CanWrite);
        var random = new Random(1);
        byte[] buffer = new byte[9000];
        for (int i = 0; i < 50; i++)
        {
            long offset = random.NextInt64(whole.Length + 100);
            s.Seek(offset, SeekOrigin.Begin);
            int n = s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            Assert.Equal((int)Math.Clamp(whole.Length - offset, 0, buffer.Length), n);
            Assert.True(whole.AsSpan((int)Math.Min(offset, whole.Length), n).SequenceEqual(buffer.AsSpan(0, n)));
        }

        Assert.Throws<NotSupportedException>(() => s.Write(buffer, 0, 1));
    }

    [RequiresFact("mksquashfs", "root")]
    public void SpecialNodes_HaveDeviceNumbersOwnersAndTypes()
    {
        using ImageFile file = ImageFile.Open(_fixture.Image("gzip-128k"));
        using var fs = SquashFsFileSystem.Open(file.Whole);

        FileSystemNode big = Resolve(fs, "/special/char-big");
        Assert.Equal(FileType.CharacterDevice, big.Type);
        Assert.Equal((260u, 70000u), (big.DeviceMajor, big.DeviceMinor));
        Assert.Equal(FileType.BlockDevice, Resolve(fs, "/special/block-loop").Type);
        Assert.Equal((12345u, 54321u), (Resolve(fs, "/special/odd-owner").Uid, Resolve(fs, "/special/odd-owner").Gid));
        Assert.Equal(FileType.Fifo, Resolve(fs, "/special/fifo-owned").Type);
        Assert.Equal(FileType.Socket, Resolve(fs, "/special/socket").Type);
    }

    [RequiresFact("mksquashfs")]
    public void Lzo_ManagedDecoder_ReadsTheSameTreeAsGzip()
    {
        // Whether or not liblzo2 is installed, the managed LZO1X decoder must read every block.
        using ImageFile file = ImageFile.Open(_fixture.Image("lzo-128k"));
        using var managed = SquashFsFileSystem.Open(file.Whole, new Lzo1xDecompressor());

        Assert.Equal(ListOurs(_fixture.Image("gzip-128k")), FileSystemListing.FromFileSystem(managed));

        // mksquashfs' default lzo1x_999 streams too.
        using ImageFile small = ImageFile.Open(_fixture.SmallImage(uncompressed: false, "lzo"));
        using var smallManaged = SquashFsFileSystem.Open(small.Whole, new Lzo1xDecompressor());
        Assert.Equal(ListOurs(_fixture.SmallImage(uncompressed: false, "gzip")), FileSystemListing.FromFileSystem(smallManaged));
    }

    [RequiresFact("mksquashfs")]
    public void LargeDirectory_ListsEveryEntryAndLooksUpTheLast()
    {
        using ImageFile file = ImageFile.Open(_fixture.Image("gzip-4k"));
        using var fs = SquashFsFileSystem.Open(file.Whole);
        FileSystemNode large = Resolve(fs, "/large");

        var names = fs.EnumerateDirectory(large).Select(e => e.Name).ToList();
        Assert.Equal(SquashFsImageFixture.LargeDirectoryEntries, names.Count);
        Assert.True(fs.TryLookup(large, names[^1], out FileSystemNode? last));
        Assert.NotNull(last);
        Assert.False(fs.TryLookup(large, "entry-99999", out _));
        Assert.False(fs.TryLookup(large, "..", out _));
        Assert.False(fs.TryLookup(large, "a/b", out _));
    }

    internal static IReadOnlyList<string> ListOurs(string image)
    {
        using ImageFile file = ImageFile.Open(image);
        using IReadOnlyFileSystem fs = new SquashFsFormat().Open(file.Whole);
        return FileSystemListing.FromFileSystem(fs);
    }

    private static FileSystemNode Resolve(IReadOnlyFileSystem fs, string path)
    {
        Assert.True(ImagePathResolver.TryResolve(fs, path, followFinalSymlink: false, out ResolvedPath resolved), path);
        return resolved.Node;
    }

    private static byte[] ReadAll(IReadOnlyFileSystem fs, FileSystemNode node)
    {
        using Stream s = fs.OpenRead(node);
        using var copy = new MemoryStream();
        s.CopyTo(copy);
        return copy.ToArray();
    }
}
