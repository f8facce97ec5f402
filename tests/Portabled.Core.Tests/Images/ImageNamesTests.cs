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

    // path_extract_filename(): errno 0 with the name, EINVAL (22) or EADDRNOTAVAIL (99).
    [Theory]
    [InlineData("/var/lib/portables/app", 0, "app", false)]
    [InlineData("/var/lib/portables/app/", 0, "app", true)]
    [InlineData("app/.", 0, "app", true)]
    [InlineData("relative", 0, "relative", false)]
    [InlineData("/", 99, "", false)]
    [InlineData("//", 99, "", false)]
    [InlineData(".", 99, "", false)]
    [InlineData("", 22, "", false)]
    [InlineData("..", 22, "", false)]
    [InlineData("/a/..", 22, "", false)]
    public void TryExtractFileName_Path_IsUpstreamsAnswer(string path, int errno, string name, bool directory)
    {
        Assert.Equal((errno, name, directory), (ImageNames.TryExtractFileName(path, out string actual, out bool dir), actual, dir));
    }

    [Fact]
    public void TryExtractFileName_TooLong_IsInvalid()
    {
        Assert.Equal(22, ImageNames.TryExtractFileName(new string('x', 256), out _, out _));
        Assert.Equal(22, ImageNames.TryExtractFileName(string.Concat(Enumerable.Repeat("/x", 2100)), out _, out _));
        Assert.Equal(0, ImageNames.TryExtractFileName(new string('x', 255), out _, out _));
    }

    // path_extract_image_name(): suffixes and versions cut; what is left must be an image name.
    [Theory]
    [InlineData("/x/foo_1.raw", 0, "foo")]
    [InlineData("/x/foo.raw/", 0, "foo.raw")]
    [InlineData("/x/foo.confext.raw", 0, "foo")]
    [InlineData("_x", 22, "")]
    [InlineData(".#app", 22, "")]
    [InlineData("a\u0001b", 22, "")]
    [InlineData("/", 99, "")]
    public void TryExtractImageName_Path_IsUpstreamsAnswer(string path, int errno, string name)
    {
        int actual = ImageNames.TryExtractImageName(path, out string extracted);
        Assert.Equal(errno, actual);
        if (errno == 0)
        {
            Assert.Equal(name, extracted);
        }
    }
}
