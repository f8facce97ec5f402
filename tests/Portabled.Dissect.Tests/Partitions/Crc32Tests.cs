// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Checksums;
using Portabled.Dissect.Partitions;

namespace Portabled.Dissect.Tests.Partitions;

public class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Compute_KnownVectors_MatchIeeeCrc32(string text, uint expected)
    {
        Assert.Equal(expected, Crc32.Compute(System.Text.Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Append_InPieces_EqualsWhole()
    {
        byte[] data = System.Text.Encoding.ASCII.GetBytes("123456789");
        uint running = Crc32.Append(Crc32.Start, data.AsSpan(0, 4));
        running = Crc32.Append(running, data.AsSpan(4));
        Assert.Equal(Crc32.Compute(data), Crc32.Finish(running));
    }
}
