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
        Assert.Null(ObjectPaths.Decode("/org/freedesktop/portable1/image/a/b", "/org/freedesktop/portable1/image"));
    }
}
