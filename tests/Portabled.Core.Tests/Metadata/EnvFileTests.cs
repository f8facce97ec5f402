// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Core.Metadata;

namespace Portabled.Core.Tests.Metadata;

public class EnvFileTests
{
    [Theory]
    [InlineData("A=b\n", "A", "b")]
    [InlineData("A=b", "A", "b")]
    [InlineData("  A  =  b  \n", "A", "b")]
    [InlineData("A=\"b c\"\n", "A", "b c")]
    [InlineData("A='b \\\" c'\n", "A", "b \\\" c")]
    [InlineData("A=\"q\\\"x\\n\"\n", "A", "q\"x\\n")]
    [InlineData("G=\"a\\$b\\`c\\\\d\\z\"\n", "G", "a$b`c\\d\\z")]
    [InlineData("F=a\\\nb\n", "F", "ab")]
    [InlineData("F=a\\ \n", "F", "a ")]
    [InlineData("F=a\\tb\n", "F", "atb")]
    [InlineData("D=\"a\\\nb\"\n", "D", "ab")]
    [InlineData("M=\"multi\nline\"\n", "M", "multi\nline")]
    [InlineData("C=\"x\"'y'z\n", "C", "xyz")]
    [InlineData("C='x' y\n", "C", "xy")]
    [InlineData("Q=a'b'\n", "Q", "a'b'")]
    [InlineData("E=\n", "E", "")]
    [InlineData("E=", "E", "")]
    [InlineData("K EY=v\n", "K EY", "v")]
    [InlineData("A=b # not a comment\n", "A", "b # not a comment")]
    [InlineData("CR=x\r\n", "CR", "x")]
    public void Parse_SingleAssignment_GivesSystemdValue(string text, string key, string value)
    {
        var pairs = EnvFile.Parse(Encoding.UTF8.GetBytes(text));

        Assert.Equal([new KeyValuePair<string, string>(key, value)], pairs);
    }

    [Fact]
    public void Parse_NixpkgsPortableServiceOsRelease_KeepsUnquotedSpaces()
    {
        // lib.generators.toKeyValue writes values unquoted, spaces included.
        const string text = "BUILD_ID=rolling\nHOME_URL=https://example.org/demo\nID=nixos\nPORTABLE_ID=demo\nPORTABLE_PRETTY_NAME=My Demo  Service  \nPRETTY_NAME=NixOS\n";

        var pairs = EnvFile.Parse(Encoding.UTF8.GetBytes(text));

        Assert.Equal("My Demo  Service", EnvFile.Get(pairs, "PORTABLE_PRETTY_NAME"));
        Assert.Equal("https://example.org/demo", EnvFile.Get(pairs, "HOME_URL"));
        Assert.Equal(6, pairs.Count);
    }

    [Theory]
    [InlineData("# A=b\n")]
    [InlineData("; A=b\n")]
    [InlineData("   # A=b\n")]
    [InlineData("NOEQUALS\n")]
    [InlineData("\n\n  \n")]
    [InlineData("")]
    public void Parse_CommentsBlankAndInvalidLines_AreIgnored(string text)
    {
        Assert.Empty(EnvFile.Parse(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Parse_CommentEndingInBackslash_DoesNotSwallowNextLine()
    {
        var pairs = EnvFile.Parse("# comment \\\nA=b\n"u8);

        Assert.Equal("b", EnvFile.Get(pairs, "A"));
    }

    [Fact]
    public void Parse_RepeatedKey_KeepsFirstPositionAndLastValue()
    {
        var pairs = EnvFile.Parse("A=1\nB=2\nA=3\n"u8);

        Assert.Equal([new("A", "3"), new("B", "2")], pairs);
    }

    [Fact]
    public void Parse_ObservedPeerSample_MatchesRealDaemon()
    {
        // The same file GetImageOSRelease of the real 252 and 262 answered for (see the peer notes).
        byte[] text = Encoding.UTF8.GetBytes("PRETTY_NAME=My Demo  Service  \nHOME_URL=https://x.y/z\nA=\"q\\\"x\\n\"\n#c=1\n B = 's q' \nNOEQ\nE=\nF=a\\\nb\nG=\"a\\$b\\`c\\\\d\\z\"\nA=dup\n");

        var pairs = EnvFile.Parse(text);

        Assert.Equal(
            [new("PRETTY_NAME", "My Demo  Service"), new("HOME_URL", "https://x.y/z"), new("A", "dup"), new("B", "s q"), new("E", ""), new("F", "ab"), new("G", "a$b`c\\d\\z")],
            pairs);
    }

    [Fact]
    public void Parse_NulByte_StopsParsing()
    {
        var pairs = EnvFile.Parse("A=b\nC=d\0E=f\n"u8);

        Assert.Equal([new("A", "b"), new("C", "d")], pairs);
    }

    [Fact]
    public void Parse_InvalidUtf8_Throws()
    {
        Assert.Throws<InvalidDataException>(() => EnvFile.Parse([(byte)'A', (byte)'=', 0xff, (byte)'\n']));
    }
}
