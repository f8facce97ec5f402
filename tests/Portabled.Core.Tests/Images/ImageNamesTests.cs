// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Images;

namespace Portabled.Core.Tests.Images;

public class ImageNamesTests
{
    [Theory]
    [InlineData("minimal-app", true)]
    [InlineData("foo_1.raw", true)]
    [InlineData(".hidden", true)]
    [InlineData(".#tmp", false)]
    [InlineData("a/b", false)]
    [InlineData("/abs", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("", false)]
    [InlineData("tab\there", false)]
    public void IsValid_Name_FollowsImageNameRules(string name, bool valid)
    {
        Assert.Equal(valid, ImageNames.IsValid(name));
    }

    [Fact]
    public void IsValid_TooLong_IsRefused()
    {
        Assert.True(ImageNames.IsValid(new string('a', 255)));
        Assert.False(ImageNames.IsValid(new string('a', 256)));
    }

    [Theory]
    [InlineData("/tmp/x", true)]
    [InlineData("/tmp/x/", true)]
    [InlineData("/tmp/../tmp/x", false)]
    [InlineData("/tmp//x", false)]
    [InlineData("/tmp/./x", false)]
    [InlineData("/tmp/x/.", false)]
    public void IsNormalizedPath_Path_FollowsPathRules(string path, bool normalized)
    {
        Assert.Equal(normalized, ImageNames.IsNormalizedPath(path));
    }
}
