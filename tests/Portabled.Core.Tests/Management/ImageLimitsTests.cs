// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Management;

namespace Portabled.Core.Tests.Management;

public class ImageLimitsTests
{
    [Theory]
    [InlineData(0UL, true)]
    [InlineData(1073741824UL, true)]
    [InlineData(9223372036854775807UL, true)]
    [InlineData(9223372036854775808UL, false)]
    [InlineData(18446744073709551614UL, false)]
    [InlineData(18446744073709551615UL, true)]
    public void IsValid_FileSizeOrInfinity(ulong limit, bool valid)
    {
        Assert.Equal(valid, ImageLimits.IsValid(limit));
    }
}
