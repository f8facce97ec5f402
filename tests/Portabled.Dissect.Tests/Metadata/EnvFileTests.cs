// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Dissect.Metadata;
using Portabled.Testing;
using Portabled.Testing.ReleaseFiles;

namespace Portabled.Dissect.Tests.Metadata;

public class EnvFileTests
{
    public static TheoryData<string> Cases => ReleaseFileCases.Names;

    /// <summary>
    /// Every tricky release file parses to what the real systemd-dissect 262 showed for it
    /// (ReleaseFiles/golden-v262-dissect.txt, recorded by scripts/record-release-files): the same
    /// entries in the same order, or the same refusal message.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_ReleaseFileCase_AnswersLikeSystemd262(string name)
    {
        Assert.Equal(ReleaseFileCases.Dissect262[name], Answer(ReleaseFileCases.Content(name), EnvFileRules.Current));
    }

    /// <summary>
    /// The same table against the host's own systemd-dissect (252 on Debian 12, so CI checks it),
    /// parsed with the rules of that release.
    /// </summary>
    [RequiresTheory("root", "unshare", "systemd-dissect", "mksquashfs")]
    [MemberData(nameof(Cases))]
    public void Parse_ReleaseFileCase_AnswersLikeHostSystemdDissect(string name)
    {
        EnvFileRules rules = TestEnvironment.SystemdVersion("systemd-dissect") < 254 ? EnvFileRules.BeforeV254 : EnvFileRules.Current;

        Assert.Equal(ReleaseFileCases.HostDissect[name], Answer(ReleaseFileCases.Content(name), rules));
    }

    [Fact]
    public void Parse_BeforeV254_OnlyTheCommentContinuationDiffers()
    {
        string[] differing = [.. ReleaseFileCases.All
            .Where(c => Answer(c.Content, EnvFileRules.BeforeV254) != Answer(c.Content, EnvFileRules.Current))
            .Select(c => c.Name)];

        Assert.Equal(["comment-backslash"], differing);
        Assert.Empty(EnvFile.Parse("# comment \\\nA=b\n"u8, "os-release", EnvFileRules.BeforeV254));
        Assert.Equal([new("A", "b")], EnvFile.Parse("# comment \\x\nA=b\n"u8, "os-release", EnvFileRules.BeforeV254));
    }

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
    [InlineData("F=a  \\\n  b\n", "F", "a    b")]
    [InlineData("D=\"a\\\nb\"\n", "D", "ab")]
    [InlineData("D=\"a\\\rb\"\n", "D", "a\\\rb")]
    [InlineData("M=\"multi\nline\"\n", "M", "multi\nline")]
    [InlineData("C=\"x\"'y'z\n", "C", "xyz")]
    [InlineData("C='x' y\n", "C", "xy")]
    [InlineData("C='x '  \n", "C", "x ")]
    [InlineData("C=\"x\" \\ y \n", "C", "x y")]
    [InlineData("Q=a'b'\n", "Q", "a'b'")]
    [InlineData("E=\n", "E", "")]
    [InlineData("E=", "E", "")]
    [InlineData("E='unclosed", "E", "unclosed")]
    [InlineData("E=trailing\\", "E", "trailing")]
    [InlineData("K EY=v\n", "K EY", "v")]
    [InlineData("1BAD=x\n", "1BAD", "x")]
    [InlineData("export A=b\n", "export A", "b")]
    [InlineData("==x\n", "=", "x")]
    [InlineData("A=b # not a comment\n", "A", "b # not a comment")]
    [InlineData("CR=x\r\n", "CR", "x")]
    [InlineData("V=a\vb\f\n", "V", "a\vb\f")]
    [InlineData("V=\va\v\n", "V", "\va\v")]
    public void Parse_SingleAssignment_GivesSystemdValue(string text, string key, string value)
    {
        var pairs = EnvFile.Parse(Encoding.UTF8.GetBytes(text), "os-release");

        Assert.Equal([new KeyValuePair<string, string>(key, value)], pairs);
    }

    [Fact]
    public void Parse_NixpkgsPortableServiceOsRelease_KeepsUnquotedSpaces()
    {
        // lib.generators.toKeyValue writes values unquoted, spaces included.
        const string text = "BUILD_ID=rolling\nHOME_URL=https://example.org/demo\nID=nixos\nPORTABLE_ID=demo\nPORTABLE_PRETTY_NAME=My Demo  Service  \nPRETTY_NAME=NixOS\n";

        var pairs = EnvFile.Parse(Encoding.UTF8.GetBytes(text), "os-release");

        Assert.Equal("My Demo  Service", EnvFile.Get(pairs, "PORTABLE_PRETTY_NAME"));
        Assert.Equal("https://example.org/demo", EnvFile.Get(pairs, "HOME_URL"));
        Assert.Equal(6, pairs.Count);
    }

    [Theory]
    [InlineData("# A=b\n")]
    [InlineData("; A=b\n")]
    [InlineData("   # A=b\n")]
    [InlineData("NOEQUALS\n")]
    [InlineData("=value\n")]
    [InlineData("\n\n  \n")]
    [InlineData("")]
    public void Parse_CommentsBlankAndInvalidLines_AreIgnored(string text)
    {
        Assert.Empty(EnvFile.Parse(Encoding.UTF8.GetBytes(text), "os-release"));
    }

    [Fact]
    public void Parse_RepeatedKey_KeepsFirstPositionAndLastValue()
    {
        var pairs = EnvFile.Parse("A=1\nB=2\nA=3\n"u8, "os-release");

        Assert.Equal([new("A", "3"), new("B", "2")], pairs);
        Assert.Equal("3", EnvFile.Get(pairs, "A"));
        Assert.Null(EnvFile.Get(pairs, "C"));
    }

    [Fact]
    public void Parse_NulByte_RefusesTheWholeFile()
    {
        var e = Assert.Throws<EnvFileException>(() => EnvFile.Parse("A=b\nC=d\0E=f\n"u8, "os-release"));

        Assert.Equal(EnvFileError.EmbeddedNul, e.Error);
    }

    /// <summary>systemd's line counter: it advances at the end of a key, value or comment line, not on blank lines nor inside quotes, and is read after the line end.</summary>
    [Theory]
    [InlineData("A=\xff\n", "os-release:2: invalid UTF-8 value for key A: '\uFFFD', ignoring.")]
    [InlineData("A=\xff", "os-release:1: invalid UTF-8 value for key A: '\uFFFD', ignoring.")]
    [InlineData("\n\n\nA=\xff\n", "os-release:2: invalid UTF-8 value for key A: '\uFFFD', ignoring.")]
    [InlineData("# c\nB=1\nA=\"x\ny\xff\"\n", "os-release:4: invalid UTF-8 value for key A: 'x\ny\uFFFD', ignoring.")]
    [InlineData("\xffK\xc3\xa9=1\n", "os-release:2: invalid UTF-8 in key '\uFFFDK\u00e9', ignoring.")]
    [InlineData("A=\xef\xb7\x90\n", "os-release:2: invalid UTF-8 value for key A: '\uFFFD\uFFFD\uFFFD', ignoring.")]
    [InlineData("A=\xf4\x90\x80\x80\n", "os-release:2: invalid UTF-8 value for key A: '\uFFFD\uFFFD\uFFFD\uFFFD', ignoring.")]
    [InlineData("A=\xf8\x88\x80\x80\x80\n", "os-release:2: invalid UTF-8 value for key A: '\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD', ignoring.")]
    public void Parse_InvalidUtf8_RefusedWithSystemdMessage(string latin1, string message)
    {
        var e = Assert.Throws<EnvFileException>(() => EnvFile.Parse(Encoding.Latin1.GetBytes(latin1), "os-release"));

        Assert.Equal((EnvFileError.InvalidUtf8, message), (e.Error, e.Message));
    }

    [Theory]
    [InlineData("\xc3\xa9")]
    [InlineData("\xe2\x9c\x93")]
    [InlineData("\xf0\x9f\x98\x80")]
    [InlineData("\xf4\x8f\xbf\xbd")]
    [InlineData("\xef\xbf\xbd")]
    public void Parse_ValidUtf8_Kept(string latin1)
    {
        byte[] value = Encoding.Latin1.GetBytes(latin1);

        var pairs = EnvFile.Parse([.. "A="u8, .. value], "os-release");

        Assert.Equal(Encoding.UTF8.GetString(value), EnvFile.Get(pairs, "A"));
    }

    private static DissectAnswer Answer(byte[] content, EnvFileRules rules)
    {
        try
        {
            return DissectAnswer.From(EnvFile.Parse(content, "os-release", rules));
        }
        catch (EnvFileException e)
        {
            // systemd logs invalid UTF-8, and nothing for a NUL byte.
            return new DissectAnswer(null, e.Error == EnvFileError.InvalidUtf8 ? e.Message + "\n" : string.Empty);
        }
    }
}
