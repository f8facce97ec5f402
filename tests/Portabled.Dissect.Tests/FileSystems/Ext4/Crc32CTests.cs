// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Checksums;
using Portabled.Dissect.FileSystems.Ext4;

namespace Portabled.Dissect.Tests.FileSystems.Ext4;

/// <summary>The CRC-32C table implementation against the standard check values.</summary>
public sealed class Crc32CTests
{
    [Theory]
    [InlineData("123456789", 0xE3069283u)]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xC1D04330u)]
    public void Update_CheckString_GivesStandardValue(string text, uint expected)
    {
        uint crc = ~Crc32C.Update(uint.MaxValue, System.Text.Encoding.ASCII.GetBytes(text));
        Assert.Equal(expected, crc);
    }

    [Fact]
    public void Update_InPieces_EqualsWhole()
    {
        byte[] data = System.Text.Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");
        uint whole = Crc32C.Update(uint.MaxValue, data);
        uint pieces = Crc32C.Update(Crc32C.Update(uint.MaxValue, data.AsSpan(0, 10)), data.AsSpan(10));
        Assert.Equal(whole, pieces);
        Assert.Equal(0x22620404u, ~whole);
    }
}
