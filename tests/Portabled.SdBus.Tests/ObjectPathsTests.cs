// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.SdBus.Tests;

public sealed class ObjectPathsTests
{
    // Examples observed on the real portabled (docs/portable1-api.md, "Objects and names").
    [Theory]
    [InlineData("minimal_1", "/org/freedesktop/portable1/image/minimal_5f1")]
    [InlineData("minimal-app", "/org/freedesktop/portable1/image/minimal_2dapp")]
    [InlineData("foo-bar.v", "/org/freedesktop/portable1/image/foo_2dbar_2ev")]
    [InlineData("1abc", "/org/freedesktop/portable1/image/_31abc")]
    [InlineData("", "/org/freedesktop/portable1/image/_")]
    public void Encode_UpstreamExamples_Match(string name, string expected)
    {
        Assert.Equal(expected, ObjectPaths.Encode("/org/freedesktop/portable1/image", name));
        Assert.Equal(name, ObjectPaths.Decode(expected, "/org/freedesktop/portable1/image"));
    }

    [Fact]
    public void Decode_PathOutsidePrefix_ReturnsNull()
    {
        Assert.Null(ObjectPaths.Decode("/org/freedesktop/other/x", "/org/freedesktop/portable1/image"));
    }

    // Like upstream's object lookup, a deeper path is one label with its slashes, and escapes are
    // unescaped whatever their case (observed: image/a_2Fb and image/minimal_2dapp/sub are
    // "Expected image name, not path in place of 'a/b'" and '…minimal-app/sub').
    [Theory]
    [InlineData("/org/freedesktop/portable1/image/a/b", "a/b")]
    [InlineData("/org/freedesktop/portable1/image/minimal_2dapp/sub", "minimal-app/sub")]
    [InlineData("/org/freedesktop/portable1/image/a_2fb", "a/b")]
    [InlineData("/org/freedesktop/portable1/image/a_2Fb", "a/b")]
    [InlineData("/org/freedesktop/portable1/image/_zz", "_zz")]
    public void Decode_DeeperOrEscapedPath_ReturnsWholeLabel(string path, string expected)
    {
        Assert.Equal(expected, ObjectPaths.Decode(path, "/org/freedesktop/portable1/image"));
    }
}
