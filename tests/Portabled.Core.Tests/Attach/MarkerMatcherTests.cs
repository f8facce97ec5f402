// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Versions;

namespace Portabled.Core.Tests.Attach;

public class MarkerMatcherTests
{
    [Theory]
    [InlineData("/var/lib/portables/foo_1.raw", "foo")]
    [InlineData("/x/foo+3-1.raw", "foo")]
    [InlineData("/x/foo.sysext.raw", "foo")]
    [InlineData("/x/foo.confext.raw", "foo")]
    [InlineData("/x/foo.raw/", "foo.raw")]
    [InlineData("foo", "foo")]
    [InlineData("/x/minimal-app", "minimal-app")]
    [InlineData("/x/_1", null)]
    public void ExtractImageName_Path_StripsSuffixAndVersion(string path, string? name)
    {
        Assert.Equal(name, MarkerMatcher.ExtractImageName(path));
    }

    [Theory]
    [InlineData(UpstreamVersion.V262, new[] { "/a/root", "/b/ext" }, new[] { "root", "/c/ext_2" }, true)]
    [InlineData(UpstreamVersion.V262, new[] { "/a/root", "/b/ext" }, new[] { "root" }, false)]
    [InlineData(UpstreamVersion.V262, new[] { "/a/root" }, new[] { "root", "/b/ext" }, false)]
    [InlineData(UpstreamVersion.V262, new[] { "/a/root", "/b/ext" }, new[] { "root", "/b/other" }, false)]
    [InlineData(UpstreamVersion.V252, new[] { "/a/root_1.raw" }, new[] { "root" }, false)]
    [InlineData(UpstreamVersion.V252, new[] { "/a/root_1.raw" }, new[] { "root_2" }, true)]
    [InlineData(UpstreamVersion.V252, new[] { "/a/root_1.raw" }, new[] { "/other/root_2.raw" }, true)]
    [InlineData(UpstreamVersion.V252, new[] { "/a/rooted" }, new[] { "root" }, false)]
    public void Matches_All_RequiresEveryComponentInOrder(UpstreamVersion version, string[] components, string[] images, bool expected)
    {
        Assert.Equal(expected, MarkerMatcher.Matches(UpstreamBehavior.For(version), components, images, matchAll: true, MarkerMatcher.ImageNameOf));
    }

    [Fact]
    public void Matches_Any_AcceptsPartialMatch()
    {
        Assert.True(MarkerMatcher.Matches(UpstreamBehavior.V262, ["/a/root", "/b/ext"], ["root"], matchAll: false, MarkerMatcher.ImageNameOf));
        Assert.False(MarkerMatcher.Matches(UpstreamBehavior.V262, ["/a/root", "/b/ext"], ["nope"], matchAll: false, MarkerMatcher.ImageNameOf));
    }
}
