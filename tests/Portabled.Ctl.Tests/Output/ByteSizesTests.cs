// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Output;

namespace Portabled.Ctl.Tests.Output;

public sealed class ByteSizesTests
{
    [Theory]
    [InlineData(0UL, "0B")]
    [InlineData(1023UL, "1023B")]
    [InlineData(1024UL, "1K")]
    [InlineData(4096UL, "4K")]
    [InlineData(1040384UL, "1016K")]
    [InlineData(1048576UL, "1M")]
    [InlineData(1572864UL, "1.5M")]
    [InlineData(2097153UL, "2M")]
    [InlineData(ulong.MaxValue - 1, "15.9E")]
    public void Format_Bytes_AsSystemd262(ulong bytes, string text) => Assert.Equal(text, ByteSizes.Format(bytes));

    [Fact]
    public void Format_Unknown_Null() => Assert.Null(ByteSizes.Format(ulong.MaxValue));
}
