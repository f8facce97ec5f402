// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.CommandLine;

namespace Portabled.Ctl.Tests.CommandLine;

public sealed class OptionParserTests
{
    private static readonly OptionParser s_parser = new(Options.All, "portablectl");

    [Theory]
    [InlineData("--no-pager list", "no-pager= | list")]
    [InlineData("list --no-pager", "no-pager= | list")]
    [InlineData("--no-p list", "no-pager= | list")]
    [InlineData("--now", "now=")]
    [InlineData("--copy=copy", "copy=copy")]
    [InlineData("--copy copy attach x", "copy=copy | attach | x")]
    [InlineData("--copy=", "copy=")]
    [InlineData("-qp strict", "quiet= profile=strict")]
    [InlineData("-pstrict", "profile=strict")]
    [InlineData("-qhq", "quiet= help= quiet=")]
    [InlineData("-- --now -q", "| --now | -q")]
    [InlineData("- list", "| - | list")]
    [InlineData("--ext=/x --extension /y", "extension=/x extension=/y")]
    [InlineData("-H host -M .host", "host=host machine=.host")]
    [InlineData("--user --sys", "user= system=")]
    public void Parse_ValidArguments_OptionsInOrderThenPositionals(string commandLine, string expected)
    {
        string[] args = commandLine.Split(' ');
        var parsed = s_parser.Parse(args).ToList();
        string options = string.Join(' ', parsed.Where(p => p.Option is not null).Select(p => $"{p.Option!.Long}={p.Value}"));
        string positional = string.Concat(parsed.Where(p => p.Option is null).Select(p => " | " + p.Value));
        Assert.Equal(expected, (options + positional).Trim());
    }

    [Theory]
    [InlineData("--bogus", "portablectl: unrecognized option '--bogus'")]
    [InlineData("--bogus=1", "portablectl: unrecognized option '--bogus'")]
    [InlineData("--=x", "portablectl: unrecognized option '--'")]
    [InlineData("---x", "portablectl: unrecognized option '---x'")]
    [InlineData("-x", "portablectl: unrecognized option '-x'")]
    [InlineData("-qx", "portablectl: unrecognized option '-x'")]
    [InlineData("-q-", "portablectl: unrecognized option '--'")]
    [InlineData("--n", "portablectl: option '--n' is ambiguous; possibilities: --no-pager, --no-legend, --no-ask-password, --no-reload, --now, --no-block")]
    [InlineData("--c=1", "portablectl: option '--c' is ambiguous; possibilities: --copy, --cat, --clean")]
    [InlineData("--ext", "portablectl: option '--ext' requires an argument")]
    [InlineData("-p", "portablectl: option '-p' requires an argument")]
    [InlineData("--no-legend=1", "portablectl: option '--no-legend' doesn't allow an argument")]
    [InlineData("--vers=3", "portablectl: option '--vers' doesn't allow an argument")]
    public void Parse_BadOption_ThrowsUpstreamsMessage(string arg, string message)
    {
        var e = Assert.Throws<CtlException>(() => s_parser.Parse([arg]).ToList());
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Parse_BadOptionAfterGoodOne_GoodOneComesFirst()
    {
        using IEnumerator<ParsedOption> it = s_parser.Parse(["-h", "--bogus"]).GetEnumerator();
        Assert.True(it.MoveNext());
        Assert.Equal(OptionId.Help, it.Current.Option!.Id);
        Assert.Throws<CtlException>(() => it.MoveNext());
    }
}
