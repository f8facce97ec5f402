// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using Portabled.Dissect.Verity;

namespace Portabled.Dissect.Tests.Verity;

/// <summary>Single superblocks built by hand (the field layout of docs/image-readers.md), good and hostile.</summary>
public class VeritySuperBlockTests
{
    [Fact]
    public void Read_Valid_AllFields()
    {
        byte[] sb = Build();

        VeritySuperBlock parsed = VeritySuperBlock.Read(Region(sb));

        Assert.Equal(1u, parsed.HashType);
        Assert.Equal("sha256", parsed.Algorithm.Name);
        Assert.Equal(4096, parsed.DataBlockSize);
        Assert.Equal(4096, parsed.HashBlockSize);
        Assert.Equal(100, parsed.DataBlocks);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, parsed.Salt);
        Assert.Equal(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), parsed.Uuid);
    }

    public static TheoryData<string, int, byte[], Type> Hostile => new()
    {
        { "bad signature", 0, "VERITY\0\0"u8.ToArray(), typeof(InvalidImageException) },
        { "version 2", 8, [2, 0, 0, 0], typeof(UnsupportedImageException) },
        { "hash type 7", 12, [7, 0, 0, 0], typeof(InvalidImageException) },
        { "unknown algorithm", 32, "md5\0\0\0"u8.ToArray(), typeof(UnsupportedImageException) },
        { "unprintable algorithm", 32, [0x01, 0x02, 0], typeof(InvalidImageException) },
        { "data block 1000", 64, [0xe8, 0x03, 0, 0], typeof(InvalidImageException) },
        { "data block 256", 64, [0, 1, 0, 0], typeof(InvalidImageException) },
        { "hash block 1 MiB", 68, [0, 0, 0x10, 0], typeof(UnsupportedImageException) },
        { "zero data blocks", 72, [0, 0, 0, 0, 0, 0, 0, 0], typeof(InvalidImageException) },
        { "absurd data blocks", 72, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], typeof(InvalidImageException) },
        { "salt too long", 80, [0x01, 0x01], typeof(InvalidImageException) },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Read_Hostile_Refused(string name, int offset, byte[] patch, Type expected)
    {
        byte[] sb = Build();
        patch.CopyTo(sb, offset);

        Exception e = Assert.ThrowsAny<Exception>(() => VeritySuperBlock.Read(Region(sb)));

        Assert.True(expected.IsInstanceOfType(e), $"{name}: {e.GetType().Name}: {e.Message}");
    }

    [Fact]
    public void Read_Truncated_InvalidImage()
    {
        Assert.Throws<InvalidImageException>(() => VeritySuperBlock.Read(Region(Build()[..300])));
    }

    [Fact]
    public void Probe_OnlyTheSignatureCounts()
    {
        Assert.True(VeritySuperBlock.Probe(Region(Build())));
        Assert.False(VeritySuperBlock.Probe(Region(new byte[512])));
        Assert.False(VeritySuperBlock.Probe(Region(Build()[..100])));
    }

    private static byte[] Build()
    {
        byte[] sb = new byte[512];
        "verity\0\0"u8.CopyTo(sb);
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(12), 1);
        Guid.Parse("00112233-4455-6677-8899-aabbccddeeff").TryWriteBytes(sb.AsSpan(16, 16), bigEndian: true, out _);
        "sha256"u8.CopyTo(sb.AsSpan(32));
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(64), 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(sb.AsSpan(68), 4096);
        BinaryPrimitives.WriteUInt64LittleEndian(sb.AsSpan(72), 100);
        BinaryPrimitives.WriteUInt16LittleEndian(sb.AsSpan(80), 4);
        new byte[] { 1, 2, 3, 4 }.CopyTo(sb, 88);
        return sb;
    }

    private static ImageRegion Region(byte[] bytes)
    {
        string path = Fixtures.TestImages.NewPath("sb.bin");
        File.WriteAllBytes(path, bytes);
        var image = ImageFile.Open(path);
        return image.Whole;
    }
}
