// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Verbs;

namespace Portabled.Ctl.Tests.Verbs;

public sealed class SizeParserTests
{
    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("512", 512UL)]
    [InlineData("1K", 1024UL)]
    [InlineData("1.5M", 1572864UL)]
    [InlineData("1G 512M", 1610612736UL)]
    [InlineData(" 2 T ", 2199023255552UL)]
    [InlineData("10B", 10UL)]
    [InlineData("15E", 17293822569102704640UL)]
    public void Parse_Valid_Bytes(string text, ulong bytes) => Assert.Equal(bytes, SizeParser.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("10X")]
    [InlineData("-1")]
    [InlineData("K")]
    [InlineData("16E")]
    [InlineData("99999999999999999999")]
    public void Parse_Invalid_Null(string text) => Assert.Null(SizeParser.Parse(text));
}
