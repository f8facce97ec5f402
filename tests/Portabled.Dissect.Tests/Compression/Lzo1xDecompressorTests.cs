// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Dissect.Compression;

namespace Portabled.Dissect.Tests.Compression;

public sealed class Lzo1xDecompressorTests
{
    public static TheoryData<byte[], string> Streams => new()
    {
        // First byte 17 + n: n literals; 0x11 0x00 0x00: end of stream.
        { [17 + 5, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', 0x11, 0x00, 0x00], "hello" },
        // Three literals, then 1LLDDDSS (length 5 + 1, distance 2 + 1): an overlapping match.
        { [17 + 3, (byte)'a', (byte)'b', (byte)'c', 0xA8, 0x00, 0x11, 0x00, 0x00], "abcabcabc" },
        // State 0 after the first instruction: 0000LLLL copies 3 + L literals.
        { [0x01, (byte)'w', (byte)'x', (byte)'y', (byte)'z', 0x11, 0x00, 0x00], "wxyz" },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void Decompress_HandMadeStream_Decodes(byte[] stream, string expected)
    {
        byte[] output = new byte[64];
        int n = new Lzo1xDecompressor().Decompress(stream, output);

        Assert.Equal(expected, Encoding.ASCII.GetString(output, 0, n));
        if (NativeCodecLibrary.IsAvailable(NativeCodecLibrary.Lzo2))
        {
            // The library agrees on what these streams mean.
            byte[] reference = new byte[64];
            int m = new LzoDecompressor().Decompress(stream, reference);
            Assert.Equal(expected, Encoding.ASCII.GetString(reference, 0, m));
        }
    }

    [Theory]
    [InlineData(new byte[] { 17 + 5, (byte)'h', (byte)'e' })]
    [InlineData(new byte[] { 0x11, 0x00, 0x00 + 4 })]
    [InlineData(new byte[] { 17 + 3, (byte)'a', (byte)'b', (byte)'c', 0xA8, 0xFF, 0x11, 0x00, 0x00 })]
    [InlineData(new byte[] { 17 + 5, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', 0x11, 0x00, 0x00, 0x42 })]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00 })]
    public void Decompress_CorruptStream_ThrowsDecompressionException(byte[] stream)
    {
        Assert.Throws<DecompressionException>(() => new Lzo1xDecompressor().Decompress(stream, new byte[64]));
    }

    [Fact]
    public void Decompress_OutputLargerThanDestination_Throws()
    {
        byte[] stream = [17 + 3, (byte)'a', (byte)'b', (byte)'c', 0xA8, 0x00, 0x11, 0x00, 0x00];
        Assert.Throws<DecompressionException>(() => new Lzo1xDecompressor().Decompress(stream, new byte[8]));
    }

    [Fact]
    public void Decompress_RandomInput_ThrowsOnlyDecompressionException()
    {
        var random = new Random(1234);
        byte[] output = new byte[4096];
        for (int i = 0; i < 5000; i++)
        {
            byte[] input = new byte[random.Next(1, 200)];
            random.NextBytes(input);
            try
            {
                new Lzo1xDecompressor().Decompress(input, output);
            }
            catch (DecompressionException)
            {
            }
        }
    }
}
