// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;

namespace Portabled.Core.Tests.Attach;

public class MarkerTests
{
    [Fact]
    public void Format_RootAndExtensions_JoinsWithColons()
    {
        Assert.Equal("/tmp/img/minimal_1:/tmp/img/app0", Marker.Format("/tmp/img/minimal_1", ["/tmp/img/app0"]));
    }

    [Theory]
    [InlineData("/a:b", "/a\\x3ab")]
    [InlineData("/a\\b", "/a\\x5cb")]
    [InlineData("/é", "/\\xc3\\xa9")]
    [InlineData("/plain-path_1.raw", "/plain-path_1.raw")]
    public void Escape_SpecialCharacters_AreHexEscapedAndRoundTrip(string path, string escaped)
    {
        Assert.Equal(escaped, Marker.Escape(path));
        Assert.Equal(path, Marker.Unescape(escaped));
    }

    [Fact]
    public void Split_EscapedColon_StaysInComponent()
    {
        Assert.Equal(["/x/a:b", "/y/ext"], Marker.Split("/x/a\\x3ab:/y/ext"));
    }

    [Theory]
    [InlineData("# Drop-in created for image '/var/lib/portables/app', do not edit.", "/var/lib/portables/app")]
    [InlineData("# Drop-in created for image '', do not edit.", "")]
    [InlineData("# Some other comment", null)]
    [InlineData("", null)]
    public void TryParseLine_Line_ExtractsMarker(string line, string? marker)
    {
        Assert.Equal(marker, Marker.TryParseLine(line));
    }
}
