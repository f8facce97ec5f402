// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using Portabled.Testing;

namespace Portabled.DissectTool.Tests.Commands;

/// <summary>
/// --list and --mtree. systemd-dissect 252 (installed here) predates both options, so the oracle is
/// find(1) and sha256sum(1) over the same tree, formatted the way systemd-dissect ≥ 253 prints it.
/// </summary>
public class TreeCommandTests
{
    [RequiresFact("find")]
    public void List_DirectoryImage_EveryPathOnceDirectoriesSlashed()
    {
        ToolRun run = ToolRun.Invoke("--list", Fixtures.DirectoryImage);

        Assert.Equal(0, run.ExitCode);
        string expected = ProcessRunner.RunChecked("find", Fixtures.DirectoryImage, "-mindepth", "1", "(", "-type", "d", "-printf", "%P/\\n", ")", "-o", "-printf", "%P\\n");
        Assert.Equal(Sorted(expected), Sorted(run.StandardOutput));
        Assert.Empty(run.StandardError);
    }

    [Fact]
    public void List_DirectoryImage_SortedDepthFirst()
    {
        string[] lines = ToolRun.Invoke("-l", Fixtures.DirectoryImage).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("etc/", lines[0]);
        Assert.Equal("etc/hostname", lines[1]);
        int usr = Array.IndexOf(lines, "usr/");
        Assert.Equal("usr/bin/", lines[usr + 1]);
        Assert.Equal("usr/bin/busybox", lines[usr + 2]);
        Assert.Equal("usr/lib/", lines[usr + 4]);
    }

    [RequiresFact("find", "sha256sum")]
    public void Mtree_DirectoryImage_MatchesFindOracle()
    {
        ToolRun run = ToolRun.Invoke("--mtree", Fixtures.DirectoryImage);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Sorted(MtreeOracle(Fixtures.DirectoryImage)), Sorted(run.StandardOutput));
    }

    [Fact]
    public void Mtree_OddNames_EscapedLikeSystemd()
    {
        string output = ToolRun.Invoke("--mtree", Fixtures.DirectoryImage).StandardOutput;

        Assert.Contains("./odd\\x20names/a\\x20b\\x23c\\x3bd\\x2ae\\x3ff\\x5bg type=file mode=0644 ", output, StringComparison.Ordinal);
        Assert.Contains("./odd\\x20names/\\xc3\\xbcn\\xc3\\xaf type=file", output, StringComparison.Ordinal);
        Assert.StartsWith("./ type=dir mode=0755 ", output, StringComparison.Ordinal);
        Assert.Contains("./usr/bin/sh type=link uid=", output, StringComparison.Ordinal);
        Assert.Contains(" link=busybox\n", output, StringComparison.Ordinal);
        Assert.Matches(@"\n\./usr/lib/systemd/system/empty\.service type=file mode=0644 uid=\d+ gid=\d+ size=0\n", output);
    }

    [RequiresFact("find", "sha256sum", "mksquashfs")]
    public void MtreeAndList_NakedSquashFs_MatchSourceTree()
    {
        string image = Fixtures.NewPath("tree.raw");
        ProcessRunner.RunChecked("mksquashfs", Fixtures.DirectoryImage, image, "-noappend", "-quiet", "-no-progress");

        ToolRun mtree = ToolRun.Invoke("--mtree", image);
        ToolRun list = ToolRun.Invoke("--list", image);

        Assert.Equal(0, mtree.ExitCode);
        Assert.Equal(Sorted(MtreeOracle(Fixtures.DirectoryImage)), Sorted(mtree.StandardOutput));
        Assert.Equal(ToolRun.Invoke("--list", Fixtures.DirectoryImage).StandardOutput, list.StandardOutput);
    }

    /// <summary>
    /// The root partition of a GPT image, as squashfs, ext4 or erofs, gives the same manifest and
    /// listing as the source tree (plus ext4's lost+found, which mke2fs adds), the way systemd-dissect
    /// 262 prints them.
    /// </summary>
    [RequiresTheory("find", "sha256sum", "sfdisk", "mksquashfs", "mke2fs", "mkfs.erofs")]
    [InlineData("squashfs")]
    [InlineData("ext4")]
    [InlineData("erofs")]
    public void MtreeAndList_GptImageRootFileSystem_MatchSourceTree(string fileSystemType)
    {
        string image = Fixtures.GptImage(fileSystemType);
        string lostFound = fileSystemType == "ext4" ? "./lost+found/ type=dir mode=0700 uid=0 gid=0\n" : string.Empty;

        ToolRun mtree = ToolRun.Invoke("--mtree", image);
        ToolRun list = ToolRun.Invoke("--list", image);

        Assert.Equal(0, mtree.ExitCode);
        Assert.Empty(mtree.StandardError);
        Assert.StartsWith("./ type=dir mode=0755 uid=0 gid=0\n", mtree.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(Sorted(MtreeOracle(Fixtures.DirectoryImage) + lostFound), Sorted(mtree.StandardOutput));
        Assert.Contains("./usr/bin/busybox type=file mode=0755 uid=0 gid=0 size=23 sha256sum=", mtree.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, list.ExitCode);
        string directoryList = ToolRun.Invoke("--list", Fixtures.DirectoryImage).StandardOutput;
        Assert.Equal(fileSystemType == "ext4" ? directoryList.Replace("odd names/\n", "lost+found/\nodd names/\n", StringComparison.Ordinal) : directoryList, list.StandardOutput);
    }

    /// <summary>
    /// A GPT image with only a usr partition: systemd-dissect 262 shows its root as a 0777 directory
    /// owned by root holding only usr/ (recorded in Golden/mtree-usr-only.txt from the real
    /// systemd-dissect 262). When SYSTEMD_DISSECT names a systemd-dissect that has --mtree, it is also
    /// run on the same image and must print the same.
    /// </summary>
    [RequiresTheory("sfdisk", "mksquashfs", "mkfs.erofs")]
    [InlineData("squashfs")]
    [InlineData("erofs")]
    public void Mtree_UsrOnlyGptImage_RootIsSynthetic0777LikeSystemdDissect(string fileSystemType)
    {
        string image = Fixtures.UsrOnlyGptImage(fileSystemType);

        ToolRun run = ToolRun.Invoke("--mtree", image);

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.StandardError);
        Assert.Equal(File.ReadAllText(Path.Join(AppContext.BaseDirectory, "Golden", "mtree-usr-only.txt")), run.StandardOutput);
        if (ReferenceDissect() is { } reference)
        {
            Assert.Equal(ProcessRunner.RunChecked("unshare", "-m", reference, "--mtree", image), run.StandardOutput);
        }
    }

    /// <summary>A root partition without a /usr directory: systemd does not create the usr mount point and fails with ENOENT; so do we.</summary>
    [RequiresTheory("sfdisk", "mksquashfs", "mkfs.erofs")]
    [InlineData("squashfs", "--mtree", "generate mtree of")]
    [InlineData("erofs", "--list", "list")]
    public void MtreeAndList_RootWithoutUsrDirectory_FailWithNoSuchFile(string fileSystemType, string option, string verb)
    {
        string image = Fixtures.UsrOnlyGptImage(fileSystemType, withRoot: true);

        ToolRun run = ToolRun.Invoke(option, image);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.StandardOutput);
        Assert.Equal($"Failed to {verb} image '{image}': No such file or directory\n", run.StandardError);
        if (ReferenceDissect() is { } reference)
        {
            ProcessResult r = ProcessRunner.Run("unshare", ["-m", reference, option, image]);
            Assert.Equal((1, "Failed to mount image: No such file or directory\n"), (r.ExitCode, r.StandardError));
        }
    }

    // A systemd-dissect with --mtree (>= 253; Debian 12's 252 has none), named by SYSTEMD_DISSECT; needs root for its loop devices.
    private static string? ReferenceDissect() =>
        Environment.GetEnvironmentVariable("SYSTEMD_DISSECT") is { Length: > 0 } path && Environment.UserName == "root" ? path : null;

    /// <summary>The mtree lines for <paramref name="root"/> computed with find and sha256sum, escaped as systemd does.</summary>
    private static string MtreeOracle(string root)
    {
        string listing = ProcessRunner.RunChecked("find", root, "-printf", "%P\\t%y\\t%m\\t%U\\t%G\\t%s\\t%l\\n");
        var lines = new List<string>();
        foreach (string line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split('\t');
            string path = f[0].Length == 0 ? "." : "./" + Escape(f[0]);
            int mode = Convert.ToInt32(f[2], 8) & 0x1FF;
            string entry = f[1] switch
            {
                "d" => $"{path}/ type=dir mode={Convert.ToString(mode, 8).PadLeft(4, '0')} uid={f[3]} gid={f[4]}",
                "l" => $"{path} type=link uid={f[3]} gid={f[4]} link={Escape(f[6])}",
                _ => $"{path} type=file mode={Convert.ToString(mode, 8).PadLeft(4, '0')} uid={f[3]} gid={f[4]} size={f[5]}"
                    + (f[5] == "0" ? string.Empty : " sha256sum=" + ProcessRunner.RunChecked("sha256sum", Path.Join(root, f[0]))[..64]),
            };
            lines.Add(entry);
        }

        return string.Join('\n', lines) + "\n";
    }

    private static string Escape(string s)
    {
        var sb = new System.Text.StringBuilder();
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(s))
        {
            sb.Append(b < 0x20 || b >= 0x7F || " \t\n\r#;*?[\\".Contains((char)b, StringComparison.Ordinal)
                ? string.Create(CultureInfo.InvariantCulture, $"\\x{b:x2}")
                : ((char)b).ToString());
        }

        return sb.ToString();
    }

    private static string[] Sorted(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
}
