// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems.Erofs;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.FileSystems.Erofs;

/// <summary>Hostile images as named cases: each patches one structure of a real image and names the exception it must raise.</summary>
[Collection(ErofsImageCollection.Name)]
public sealed class ErofsCorruptionTests
{
    private const int SuperBlock = 1024;
    private readonly ErofsImageFixture _fixture;

    public ErofsCorruptionTests(ErofsImageFixture fixture)
    {
        _fixture = fixture;
    }

    [RequiresTheory("mkfs.erofs", "root")]
    [InlineData("truncated-half", "truncated")]
    [InlineData("truncated-inside-superblock", "do not fit")]
    [InlineData("bad-magic", "bad magic")]
    [InlineData("bad-checksum", "checksum")]
    [InlineData("bad-block-size", "block size")]
    [InlineData("root-nid-out-of-range", "nid 65535")]
    [InlineData("root-not-a-directory", "not a directory")]
    [InlineData("dirent-nameoff-out-of-order", "out of order")]
    [InlineData("dirent-nameoff-out-of-block", "outside the")]
    [InlineData("dirent-first-nameoff-zero", "first name offset")]
    [InlineData("dirent-name-with-slash", "invalid name")]
    [InlineData("dirent-nid-out-of-range", "beyond the")]
    [InlineData("directory-contains-itself", "contains itself")]
    [InlineData("reserved-data-layout", "reserved data layout")]
    [InlineData("xattr-count-past-end", "xattr")]
    [InlineData("inline-tail-crosses-block", "crosses a block boundary")]
    [InlineData("raw-blocks-outside", "outside the file system")]
    [InlineData("symlink-too-long", "exceeds 4096")]
    [InlineData("map-header-garbage", "fragment")]
    [InlineData("lcluster-index-garbage", "no HEAD lcluster")]
    [InlineData("pcluster-too-large", "exceeds 1048576")]
    [InlineData("lz4-garbage", "lz4")]
    public void ReadEverything_CorruptImage_ThrowsInvalidImage(string name, string messageFragment)
    {
        string image = Patch(name);
        InvalidImageException e = Assert.ThrowsAny<InvalidImageException>(() => ErofsTreeReader.ReadEverything(image));
        Assert.Contains(messageFragment, e.Message, StringComparison.Ordinal);
        Assert.Contains(image, e.Message, StringComparison.Ordinal);
    }

    [RequiresTheory("mkfs.erofs", "root")]
    [InlineData("unknown-incompat-feature", "0x80")]
    [InlineData("unsupported-algorithm", "deflate")]
    [InlineData("unsupported-dirblkbits", "dirblkbits")]
    public void ReadEverything_UnsupportedImage_ThrowsUnsupported(string name, string messageFragment)
    {
        string image = Patch(name);
        UnsupportedImageException e = Assert.Throws<UnsupportedImageException>(() => ErofsTreeReader.ReadEverything(image));
        Assert.Contains(messageFragment, e.Message, StringComparison.Ordinal);
    }

    [RequiresFact("mkfs.erofs", "root")]
    public void ReadEverything_UnpatchedSmallImages_Succeed()
    {
        foreach (string variant in new[] { "plain", "lz4", "lz4-legacy", "lz4-legacy-big" })
        {
            Assert.True(ErofsTreeReader.ReadEverything(SmallImage(variant)) > 40);
        }
    }

    private string SmallImage(string variant) => variant switch
    {
        "plain" => _fixture.SmallImage(variant),
        "lz4" => _fixture.SmallImage(variant, "-zlz4"),
        "lz4-legacy" => _fixture.SmallImage(variant, "-zlz4", "-Elegacy-compress"),
        "lz4-legacy-big" => _fixture.SmallImage(variant, "-zlz4", "-Elegacy-compress", "-C65536"),
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    private string Patch(string name)
    {
        string variant = name switch
        {
            "map-header-garbage" or "lcluster-index-garbage" or "unsupported-algorithm" => "lz4",
            "lz4-garbage" => "lz4-legacy",
            "pcluster-too-large" => "lz4-legacy-big",
            _ => "plain",
        };
        var image = new ErofsImageEditor(SmallImage(variant));
        Apply(name, image);
        if (name is not ("bad-checksum" or "truncated-half" or "truncated-inside-superblock"))
        {
            // Block 0 (superblock, and often the first inodes) is covered by the checksum.
            image.FixChecksum();
        }

        return image.Save(_fixture.ScratchPath("corrupt-" + name + ".erofs"));
    }

    private static void Apply(string name, ErofsImageEditor image)
    {
        switch (name)
        {
            case "truncated-half":
                image.Bytes = image.Bytes[..(image.Bytes.Length / 2)];
                break;
            case "truncated-inside-superblock":
                image.Bytes = image.Bytes[..1100];
                break;
            case "bad-magic":
                image.Bytes[SuperBlock] ^= 0xFF;
                break;
            case "bad-checksum":
                image.Bytes[SuperBlock + 64] ^= 0x5A;
                break;
            case "bad-block-size":
                image.Bytes[SuperBlock + 12] = 30;
                image.FixChecksum();
                break;
            case "root-nid-out-of-range":
                image.SetU16(SuperBlock + 14, 0xFFFF);
                image.FixChecksum();
                break;
            case "root-not-a-directory":
                image.SetU16(SuperBlock + 14, (int)image.Inode("/small").Nid);
                image.FixChecksum();
                break;
            case "unknown-incompat-feature":
                image.Bytes[SuperBlock + 80] |= 0x80;
                image.FixChecksum();
                break;
            case "unsupported-dirblkbits":
                image.Bytes[SuperBlock + 90] = 1;
                image.FixChecksum();
                break;
            default:
                ApplyToInode(name, image);
                break;
        }
    }

    private static void ApplyToInode(string name, ErofsImageEditor image)
    {
        ErofsInode root = image.Inode("/");
        long dirents = image.DataPosition(root);
        int count = image.U16(dirents + 8) / 12;
        switch (name)
        {
            case "dirent-nameoff-out-of-order":
                image.SetU16(dirents + (2 * 12) + 8, image.U16(dirents + 8) - 1);
                break;
            case "dirent-nameoff-out-of-block":
                image.SetU16(dirents + ((count - 1) * 12) + 8, 0xFFF0);
                break;
            case "dirent-first-nameoff-zero":
                image.SetU16(dirents + 8, 0);
                break;
            case "dirent-name-with-slash":
                image.Bytes[dirents + image.U16(dirents + (3 * 12) + 8)] = (byte)'/';
                break;
            case "dirent-nid-out-of-range":
                image.SetU64(dirents + (3 * 12), 1UL << 40);
                break;
            case "directory-contains-itself":
                image.SetU64(dirents + (3 * 12), root.Nid);
                break;
            default:
                ApplyToFile(name, image);
                break;
        }
    }

    private static void ApplyToFile(string name, ErofsImageEditor image)
    {
        switch (name)
        {
            case "reserved-data-layout":
                image.SetU16(image.Inode("/small").Position, 5 << 1);
                break;
            case "xattr-count-past-end":
                image.SetU16(image.Inode("/dir/sub/nested").Position + 2, 0xFFFF);
                break;
            case "inline-tail-crosses-block":
                ErofsInode small = image.Inode("/small");
                Assert.Equal(ErofsDataLayout.FlatInline, small.Layout);
                image.SetU32(small.Position + 8, 4095);
                break;
            case "raw-blocks-outside":
                ErofsInode random = image.Inode("/random");
                image.SetU32(random.Position + 16, 0x7FFFFFF0);
                break;
            case "symlink-too-long":
                image.SetU32(image.Inode("/link").Position + 8, 5000);
                break;
            default:
                ApplyToCompressedFile(name, image);
                break;
        }
    }

    private static void ApplyToCompressedFile(string name, ErofsImageEditor image)
    {
        ErofsInode file = image.Inode("/compressible");
        Assert.True(file.Layout is ErofsDataLayout.CompressedCompact or ErofsDataLayout.CompressedFull, file.Layout.ToString());
        long header = ErofsImageEditor.MapHeaderPosition(file);
        long fullIndexes = header + 16;
        switch (name)
        {
            case "map-header-garbage":
                image.Bytes.AsSpan((int)header, 8).Fill(0xFF);
                break;
            case "lcluster-index-garbage":
                image.Bytes.AsSpan((int)header + 8, 32).Fill(0xFF);
                break;
            case "unsupported-algorithm":
                image.Bytes[header + 6] = 0x02;
                break;
            case "pcluster-too-large":
                // lcluster 1 is the first NONHEAD of the big pcluster: it carries the block count.
                Assert.Equal(2, image.U16(fullIndexes + 8) & 3);
                Assert.NotEqual(0, image.U16(fullIndexes + 8 + 4) & 0x800);
                image.SetU16(fullIndexes + 8 + 4, 0x800 | 0x7FF);
                break;
            case "lz4-garbage":
                Assert.Equal(1, image.U16(fullIndexes) & 3);
                long block = BitConverter.ToUInt32(image.Bytes, (int)fullIndexes + 4);
                image.Bytes.AsSpan((int)(block * image.BlockSize), image.BlockSize).Fill(0xF0);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name);
        }
    }
}
