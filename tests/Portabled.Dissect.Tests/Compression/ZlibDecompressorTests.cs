// SPDX-License-Identifier: LGPL-2.1-or-later
using System.IO.Compression;
using Portabled.Dissect.Compression;

namespace Portabled.Dissect.Tests.Compression;

public sealed class ZlibDecompressorTests
{
    [Fact]
    public void Decompress_ValidStream_ReturnsTheData()
    {
        byte[] data = [.. Enumerable.Range(0, 5000).Select(i => (byte)(i % 7))];
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        byte[] output = new byte[8192];
        int n = new ZlibDecompressor().Decompress(compressed.ToArray(), output);

        Assert.Equal(data, output[..n]);
    }

    [Theory]
    [InlineData("78bb00000001")] // the header asks for a preset dictionary (Z_NEED_DICT; found by fuzzing)
    [InlineData("7801ffffffff")] // an invalid block type after a valid header
    public void Decompress_CorruptStream_ThrowsDecompressionException(string hex)
    {
        byte[] output = new byte[8192];

        var e = Assert.Throws<DecompressionException>(() => new ZlibDecompressor().Decompress(Convert.FromHexString(hex), output));

        Assert.StartsWith("gzip data is corrupt", e.Message, StringComparison.Ordinal);
    }
}
