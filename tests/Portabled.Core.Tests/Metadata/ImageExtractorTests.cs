// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Core.Metadata;

namespace Portabled.Core.Tests.Metadata;

public sealed class ImageExtractorTests
{
    // What the real 252 and 262 did with these user.extension-release.strict values on an
    // extension-release file named after another image (raw and directory extensions, observed):
    // attached for parse_boolean()'s false words in any case, refused for everything else.
    [Theory]
    [InlineData("false", true)]
    [InlineData("FALSE", true)]
    [InlineData("0", true)]
    [InlineData("Off", true)]
    [InlineData("no", true)]
    [InlineData("n", true)]
    [InlineData("f", true)]
    [InlineData(" false", false)]
    [InlineData("false\n", false)]
    [InlineData("true", false)]
    [InlineData("1", false)]
    [InlineData("", false)]
    [InlineData("nope", false)]
    public void IsFalse_StrictAttributeValue_MatchesUpstream(string value, bool relaxed)
    {
        Assert.Equal(relaxed, ImageExtractor.IsFalse(Encoding.UTF8.GetBytes(value), asCString: true));
        Assert.Equal(relaxed, ImageExtractor.IsFalse(Encoding.UTF8.GetBytes(value), asCString: false));
    }

    // NUL bytes, observed: 252 reads the value as a C string; 262 drops one trailing NUL and takes
    // any other NUL as no boolean.
    [Theory]
    [InlineData("66616c736500", true, true)]
    [InlineData("66616c73650078", true, false)]
    [InlineData("66616c73650000", true, false)]
    [InlineData("300000", true, false)]
    [InlineData("00", false, false)]
    public void IsFalse_ValueWithNul_DiffersBetween252And262(string hex, bool relaxed252, bool relaxed262)
    {
        Assert.Equal(relaxed252, ImageExtractor.IsFalse(Convert.FromHexString(hex), asCString: true));
        Assert.Equal(relaxed262, ImageExtractor.IsFalse(Convert.FromHexString(hex), asCString: false));
    }
}
