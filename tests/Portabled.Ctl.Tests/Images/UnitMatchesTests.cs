// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Images;
using Portabled.Ctl.Interop;

namespace Portabled.Ctl.Tests.Images;

public sealed class UnitMatchesTests
{
    [Theory]
    [InlineData("minimal-app", "minimal-app")]
    [InlineData("/var/lib/portables/foo_1.2", "foo")]
    [InlineData("foo.raw", "foo")]
    [InlineData("/x/foo_2.raw", "foo")]
    [InlineData("foo.v", "foo.v")]
    [InlineData("dir/foo/", "foo")]
    public void ExtractPrefix_ImageName_Prefix(string image, string prefix) => Assert.Equal(prefix, UnitMatches.ExtractPrefix(image, out _));

    [Theory]
    [InlineData("/", Errno.EADDRNOTAVAIL)]
    [InlineData(".", Errno.EADDRNOTAVAIL)]
    [InlineData("..", Errno.EINVAL)]
    [InlineData("", Errno.EINVAL)]
    [InlineData("a+b", Errno.EINVAL)]
    [InlineData("_x", Errno.EINVAL)]
    public void ExtractPrefix_Unusable_Errno(string image, int expected)
    {
        Assert.Null(UnitMatches.ExtractPrefix(image, out int errno));
        Assert.Equal(expected, errno);
    }

    [Theory]
    [InlineData("minimal-app", true)]
    [InlineData("foo.raw", true)]
    [InlineData("a/b", false)]
    [InlineData(".", false)]
    [InlineData(".#tmp", false)]
    [InlineData("tab\there", false)]
    [InlineData("", false)]
    public void IsValidImageName_Argument_NameOrPath(string s, bool name) => Assert.Equal(name, FileNames.IsValidImageName(s));
}
