// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Text;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.SquashFs;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.FileSystems.SquashFs;

/// <summary>
/// Named hostile images: each patches one field of the small image (built with uncompressed tables
/// and blocks, so fields can be found and patched in place) and expects a typed image exception
/// naming the problem, from opening the image or from walking all of it.
/// </summary>
[Collection(SquashFsCollection.Name)]
public sealed class SquashFsCorruptionTests
{
    private readonly SquashFsImageFixture _fixture;

    public SquashFsCorruptionTests(SquashFsImageFixture fixture)
    {
        _fixture = fixture;
    }

    public static TheoryData<string> Cases => [.. SquashFsCorruptions.All.Keys.Order(StringComparer.Ordinal)];

    [RequiresTheory("mksquashfs")]
    [MemberData(nameof(Cases))]
    public void Walk_CorruptImage_ThrowsImageException(string name)
    {
        SquashFsCorruption corruption = SquashFsCorruptions.All[name];
        string pristine = _fixture.SmallImage(uncompressed: corruption.Compressor is null, corruption.Compressor ?? "gzip");
        byte[] bytes = File.ReadAllBytes(pristine);
        var image = new SquashFsImageMap(pristine, bytes);
        byte[] corrupt = corruption.Apply(image);
        string path = _fixture.CopyOf(pristine, $"corrupt-{name}.sqfs");
        File.WriteAllBytes(path, corrupt);

        Exception e = Assert.ThrowsAny<Exception>(() => SquashFsTreeWalker.WalkAll(path));

        Assert.IsType(corruption.Expected, e);
        Assert.Contains(corruption.MessagePart, e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [RequiresFact("mksquashfs")]
    public void Walk_PristineSmallImages_Succeed()
    {
        Assert.True(SquashFsTreeWalker.WalkAll(_fixture.SmallImage(uncompressed: true)) > 10);
        foreach (string compressor in new[] { "gzip", "xz", "lzma", "lzo", "lz4", "zstd" })
        {
            Assert.True(SquashFsTreeWalker.WalkAll(_fixture.SmallImage(uncompressed: false, compressor)) > 10, compressor);
        }
    }

    [Fact]
    public void Open_EmptyRegion_ThrowsInvalidImage()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp["empty"], []);
        using ImageFile file = ImageFile.Open(temp["empty"]);

        Assert.False(new SquashFsFormat().Probe(file.Whole));
        Assert.Throws<InvalidImageException>(() => SquashFsFileSystem.Open(file.Whole));
    }
}

/// <summary>Where the structures of the pristine small image are, found with the reader itself.</summary>
internal sealed class SquashFsImageMap
{
    public SquashFsImageMap(string path, byte[] bytes)
    {
        Bytes = bytes;
        using ImageFile file = ImageFile.Open(path);
        using var fs = SquashFsFileSystem.Open(file.Whole);
        SuperBlock = fs.SuperBlock;
        Nodes = [];
        foreach (string p in new[] { "/", "/file-5k", "/file-9k", "/abs", "/up", "/sub", "/sub/a", "/sub/b", "/etc", "/usr/lib/os-release" })
        {
            Assert.True(ImagePathResolver.TryResolve(fs, p, followFinalSymlink: false, out ResolvedPath r), p);
            Nodes[p] = (SquashFsNode)r.Node;
        }
    }

    public byte[] Bytes { get; }

    public SquashFsSuperBlock SuperBlock { get; }

    public Dictionary<string, SquashFsNode> Nodes { get; }

    /// <summary>Absolute position of an inode (valid for uncompressed tables: header + offset).</summary>
    public int Inode(string path)
    {
        ulong reference = Nodes[path].InodeReference;
        return checked((int)(SuperBlock.InodeTableStart + (long)(reference >> 16) + 2 + (long)(reference & 0xFFFF)));
    }

    /// <summary>Absolute position of the first directory header of a directory's listing (uncompressed tables).</summary>
    public int Listing(string path)
    {
        SquashFsNode node = Nodes[path];
        return checked((int)(SuperBlock.DirectoryTableStart + node.ListingBlock + 2 + node.ListingOffset));
    }

    /// <summary>Absolute position of the fixed part of the directory entry called <paramref name="name"/> in <paramref name="directory"/>.</summary>
    public int Entry(string directory, string name)
    {
        int start = Listing(directory);
        byte[] wanted = Encoding.UTF8.GetBytes(name);
        for (int i = start; i < Bytes.Length - wanted.Length; i++)
        {
            if (Bytes.AsSpan(i, wanted.Length).SequenceEqual(wanted)
                && BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(i - 2)) == wanted.Length - 1)
            {
                return i - 8;
            }
        }

        throw new InvalidOperationException($"entry {name} not found");
    }

    public void U16(int position, int value) => BinaryPrimitives.WriteUInt16LittleEndian(Bytes.AsSpan(position), (ushort)value);

    public void U32(int position, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan(position), value);

    public void U64(int position, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Bytes.AsSpan(position), value);
}
