// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.DissectTool.Tests.Commands;

public class CopyFromCommandTests
{
    [Fact]
    public void CopyFrom_NoTarget_WritesFileToStandardOutput()
    {
        ToolRun run = ToolRun.Invoke("--copy-from", Fixtures.DirectoryImage, "/usr/lib/os-release");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Join(Fixtures.DirectoryImage, "usr/lib/os-release")), run.StandardOutputBytes);
    }

    [Fact]
    public void CopyFrom_AbsoluteSymlink_ResolvedInsideImage()
    {
        ToolRun run = ToolRun.Invoke("-x", Fixtures.DirectoryImage, "etc/systemd/system/demo-alias.service", "-");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("[Service]\nExecStart=/usr/bin/demo\n", run.StandardOutput);
    }

    [Fact]
    public void CopyFrom_ToFile_KeepsContentAndMode()
    {
        string target = Fixtures.NewPath("busybox");

        ToolRun run = ToolRun.Invoke("-x", Fixtures.DirectoryImage, "/sbin/init", target);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("#!/bin/sh\necho busybox\n", File.ReadAllText(target));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(target));
    }

    [Fact]
    public void CopyFrom_ExistingTarget_Refused()
    {
        string target = Fixtures.NewPath("exists");
        File.WriteAllText(target, "keep");

        ToolRun run = ToolRun.Invoke("-x", Fixtures.DirectoryImage, "/usr/lib/os-release", target);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("Failed to copy '/usr/lib/os-release' from image '", run.StandardError, StringComparison.Ordinal);
        Assert.Equal("keep", File.ReadAllText(target));
    }

    [Fact]
    public void CopyFrom_Directory_CopiedRecursivelyWithSymlinks()
    {
        string target = Fixtures.NewPath("usr");

        ToolRun run = ToolRun.Invoke("-x", Fixtures.DirectoryImage, "/usr", target);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("busybox", new FileInfo(Path.Join(target, "bin/sh")).LinkTarget);
        Assert.True(File.Exists(Path.Join(target, "lib/systemd/system/demo.socket")));
    }

    [Fact]
    public void CopyFrom_MissingPath_FailsWithOneLine()
    {
        ToolRun run = ToolRun.Invoke("-x", Fixtures.DirectoryImage, "/no/such/file");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"Failed to copy '/no/such/file' from image '{Fixtures.DirectoryImage}': No such file or directory\n", run.StandardError);
        Assert.Empty(run.StandardOutputBytes);
    }

    [Fact]
    public void CopyFrom_DotDotAboveRoot_StaysInImage()
    {
        ToolRun run = ToolRun.Invoke("-x", Fixtures.DirectoryImage, "../../../../usr/lib/os-release");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("ID=demo\n", run.StandardOutput, StringComparison.Ordinal);
    }
}
