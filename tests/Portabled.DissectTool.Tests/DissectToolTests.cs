// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.DissectTool.Tests;

public class DissectToolTests
{
    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public void Run_Help_PrintsUsage(string option)
    {
        ToolRun run = ToolRun.Invoke(option);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("portabled-dissect [OPTIONS...] IMAGE\n", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--mtree", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Version_PrintsOneLine()
    {
        ToolRun run = ToolRun.Invoke("--version");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^portabled-dissect \S+\n$", run.StandardOutput);
    }

    [Theory]
    [InlineData(new[] { "--bogus", "x" }, "Failed to parse command line: unrecognized option '--bogus'\n")]
    [InlineData(new string[0], "Failed to parse command line: Expected an image file path as only argument.\n")]
    [InlineData(new[] { "a", "b" }, "Failed to parse command line: Expected an image file path as only argument.\n")]
    [InlineData(new[] { "--json=yaml", "x" }, "Failed to parse command line: Unknown argument to --json= switch: yaml\n")]
    [InlineData(new[] { "-x", "img" }, "Failed to parse command line: Expected an image file path, a source path and an optional destination path as only arguments.\n")]
    public void Run_BadArguments_OneLineError(string[] args, string expected)
    {
        ToolRun run = ToolRun.Invoke(args);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(expected, run.StandardError);
    }

    [Fact]
    public void Run_EmptyImage_UpstreamMessageNoStackTrace()
    {
        string path = Fixtures.NewPath("empty.raw");
        File.WriteAllBytes(path, new byte[8192]);

        ToolRun run = ToolRun.Invoke(path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"Failed to dissect image '{path}': Couldn't identify a suitable partition table or file system in '{path}'.\n", run.StandardError);
    }

    [Fact]
    public void Run_MissingImage_OneLineError()
    {
        ToolRun run = ToolRun.Invoke("--list", "/nonexistent/image.raw");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("Failed to list image '/nonexistent/image.raw': ", run.StandardError, StringComparison.Ordinal);
        Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(new[] { "--list", "img" }, "List")]
    [InlineData(new[] { "img", "--mtree" }, "Mtree")]
    [InlineData(new[] { "-x", "img", "/etc", "out" }, "CopyFrom")]
    [InlineData(new[] { "--no-pager", "--no-legend", "-r", "img" }, "Summary")]
    [InlineData(new[] { "--", "-img" }, "Summary")]
    public void Parse_Options_Action(string[] args, string expected)
    {
        Assert.Equal(Enum.Parse<ToolAction>(expected), ToolArguments.Parse(args).Action);
    }
}
