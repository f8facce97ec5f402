// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text.Json;
using Portabled.Testing;

namespace Portabled.DissectTool.Tests.Commands;

public class SummaryCommandTests
{
    private static string Golden(string name) => File.ReadAllText(Path.Join(AppContext.BaseDirectory, "Golden", name));

    [Fact]
    public void Summary_DirectoryImage_MatchesGolden()
    {
        ToolRun run = ToolRun.Invoke(Fixtures.DirectoryImage);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Golden("summary-directory.txt"), run.StandardOutput);
        Assert.Empty(run.StandardError);
    }

    [Theory]
    [InlineData("pretty", "summary-directory.pretty.json")]
    [InlineData("short", "summary-directory.short.json")]
    public void Summary_DirectoryImageJson_MatchesGolden(string mode, string golden)
    {
        ToolRun run = ToolRun.Invoke($"--json={mode}", Fixtures.DirectoryImage);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Golden(golden), run.StandardOutput);
        using JsonDocument parsed = JsonDocument.Parse(run.StandardOutput);
        Assert.Equal("demo_1.0", parsed.RootElement.GetProperty("name").GetString());
    }

    [RequiresFact("sfdisk", "mksquashfs")]
    public void Summary_GptImage_NewestRootIsReadOnlySquashFs()
    {
        string image = GptImage(out _);

        ToolRun run = ToolRun.Invoke("--no-legend", image);

        Assert.Equal(0, run.ExitCode);
        string[] lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("      Name: gpt.raw", lines[0]);
        Assert.Equal("      Size: 8.0M", lines[1]);
        // The root is squashfs, which is read-only whatever the partition flags say: "ro", as systemd-dissect prints it.
        Assert.Equal("ro root 11111111-2222-3333-4444-555555555555 root-2.0 squashfs x86-64 no no - 2", lines[^1]);
    }

    /// <summary>
    /// The partition table agrees with the real systemd-dissect 252 (which needs root and loop
    /// devices, so it runs inside unshare -m): everything but NODE, which names a loop device only
    /// systemd has.
    /// </summary>
    [RequiresFact("sfdisk", "mksquashfs", "systemd-dissect", "unshare", "root")]
    public void Summary_GptImage_PartitionTableAgreesWithSystemdDissect()
    {
        string image = GptImage(out string directory);
        string systemd = ProcessRunner.Shell($"cd '{directory}' && unshare -m systemd-dissect --json=short gpt.raw");

        ToolRun run = ToolRun.Invoke("--json=short", image);

        using JsonDocument theirs = JsonDocument.Parse(systemd);
        using JsonDocument ours = JsonDocument.Parse(run.StandardOutput);
        Assert.Equal(theirs.RootElement.GetProperty("name").GetString(), ours.RootElement.GetProperty("name").GetString());
        Assert.Equal(theirs.RootElement.GetProperty("size").GetInt64(), ours.RootElement.GetProperty("size").GetInt64());
        string[] keys = ["rw", "designator", "partition_uuid", "partition_label", "fstype", "architecture", "verity", "growfs", "partno"];
        Assert.Equal(Project(theirs, keys), Project(ours, keys));
    }

    /// <summary>
    /// The whole text summary of a naked squashfs image equals systemd-dissect 252's, except for the
    /// lines this tool adds (Unit Files).
    /// </summary>
    [RequiresFact("mksquashfs", "systemd-dissect", "unshare", "root")]
    public void Summary_NakedSquashFs_EqualsSystemdDissectOutput()
    {
        string directory = Fixtures.NewPath("naked");
        Directory.CreateDirectory(directory);
        ProcessRunner.RunChecked("mksquashfs", Fixtures.DirectoryImage, Path.Join(directory, "demo.raw"), "-noappend", "-quiet", "-no-progress");
        string systemd = ProcessRunner.Shell($"cd '{directory}' && unshare -m systemd-dissect demo.raw");

        ToolRun run = ToolRun.Invoke(Path.Join(directory, "demo.raw"));

        Assert.Equal(0, run.ExitCode);
        string[] ours = [.. run.StandardOutput.Split('\n').Where(l => !l.StartsWith("Unit Files:", StringComparison.Ordinal) && !l.StartsWith("            demo", StringComparison.Ordinal))];
        Assert.Equal(systemd.Split('\n'), ours);
    }

    /// <summary>
    /// A GPT image whose root holds the directory fixture as squashfs, ext4 or erofs: the metadata
    /// block equals the directory image's golden, and the partition row names the file system the
    /// way systemd-dissect does (ext4 is writable, so "rw"; squashfs and erofs are read-only).
    /// </summary>
    [RequiresTheory("sfdisk", "mksquashfs", "mke2fs", "mkfs.erofs")]
    [InlineData("squashfs", "ro", "squashfs")]
    [InlineData("ext4", "rw", "ext4  ")]
    [InlineData("erofs", "ro", "erofs ")]
    public void Summary_GptImageRootFileSystem_MetadataAndTypeLikeSquashFs(string fileSystemType, string rw, string column)
    {
        ToolRun run = ToolRun.Invoke(Fixtures.GptImage(fileSystemType));

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.StandardError);
        string[] lines = run.StandardOutput.Split('\n');
        Assert.Equal("      Name: demo_1.0.raw", lines[0]);
        Assert.Equal("      Size: 24.0M", lines[1]);
        Assert.Matches("^Image UUID: [0-9a-f-]{36}$", lines[3]);
        // From the hostname to the unit files, as for the directory image ("Use As" differs: the ESP makes it UEFI-bootable).
        string metadata = Golden("summary-directory.txt").Split("\n\n")[1];
        Assert.Contains("\n" + metadata + "\n\n    Use As: ✓ bootable system for UEFI\n", run.StandardOutput, StringComparison.Ordinal);
        string padding = column.Length == fileSystemType.Length ? "  " : string.Empty;
        Assert.Equal($"RW DESIGNATOR PARTITION UUID                       PARTITION LABEL FSTYPE{padding} ARCHITECTURE VERITY GROWFS NODE PARTNO", lines[^4]);
        Assert.Equal($"{rw} root       11111111-2222-3333-4444-555555555555 root-1.0        {column} x86-64       no     no     -         2", lines[^3]);
        // systemd (252 and 262) prints "vfat" for an ESP whatever it holds; we print what the probe found.
        Assert.Matches(@"^rw esp        eeeeeeee-2222-3333-4444-555555555555 -               (-|vfat) *-            -      no     -         1$", lines[^2]);
        Assert.Equal(string.Empty, lines[^1]);
    }

    [RequiresTheory("sfdisk", "mksquashfs", "mke2fs", "mkfs.erofs")]
    [InlineData("squashfs", "ro")]
    [InlineData("ext4", "rw")]
    [InlineData("erofs", "ro")]
    public void Summary_GptImageRootFileSystemJson_NamesType(string fileSystemType, string rw)
    {
        ToolRun run = ToolRun.Invoke("--json=short", Fixtures.GptImage(fileSystemType));

        Assert.Equal(0, run.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(run.StandardOutput);
        Assert.Equal(
            [$"{rw}|root|11111111-2222-3333-4444-555555555555|root-1.0|{fileSystemType}|x86-64|no|False|2", "rw|esp|eeeeeeee-2222-3333-4444-555555555555||1"],
            Project(doc, ["rw", "designator", "partition_uuid", "partition_label", "fstype", "architecture", "verity", "growfs", "partno"]).Take(1)
                .Concat(Project(doc, ["rw", "designator", "partition_uuid", "verity", "partno"]).Skip(1)));
        Assert.Equal("demo_1.0.raw", doc.RootElement.GetProperty("name").GetString());
        Assert.Contains("PORTABLE_PREFIXES=demo", doc.RootElement.GetProperty("osRelease").EnumerateArray().Select(e => e.GetString()));
    }

    private static string[] Project(JsonDocument doc, string[] keys) =>
        [.. doc.RootElement.GetProperty("mounts").EnumerateArray().Select(m => string.Join('|', keys.Select(k => m.GetProperty(k).ToString())))];

    /// <summary>GPT with an older and a newer x86-64 root (squashfs), a no-auto root, an ESP (empty) and an arm64 root.</summary>
    private static string GptImage(out string directory)
    {
        directory = Fixtures.NewPath("gpt");
        Directory.CreateDirectory(directory);
        string tree = Path.Join(directory, "tree");
        Directory.CreateDirectory(Path.Join(tree, "usr/lib"));
        File.WriteAllText(Path.Join(tree, "usr/lib/os-release"), "ID=gpt\n");
        string squashfs = Path.Join(directory, "root.squashfs");
        ProcessRunner.RunChecked("mksquashfs", tree, squashfs, "-noappend", "-quiet", "-all-root", "-no-progress");
        string image = Path.Join(directory, "gpt.raw");
        using (var f = File.Create(image))
        {
            f.SetLength(8 << 20);
        }

        ProcessResult r = ProcessRunner.Run("sfdisk", ["-q", image], standardInput: """
            label: gpt
            start=2048, size=2048, type=4f68bce3-e8cd-4db1-96e7-fbcaf984b709, name="root-1.0", uuid=aaaaaaaa-2222-3333-4444-555555555555
            start=4096, size=2048, type=4f68bce3-e8cd-4db1-96e7-fbcaf984b709, name="root-2.0", uuid=11111111-2222-3333-4444-555555555555
            start=6144, size=2048, type=4f68bce3-e8cd-4db1-96e7-fbcaf984b709, name="root-9.0", attrs="GUID:63"
            start=8192, size=2048, type=b921b045-1df0-41c3-af44-4c6f280d3fae, name="root-arm"
            """);
        Assert.Equal(0, r.ExitCode);
        byte[] payload = File.ReadAllBytes(squashfs);
        using var handle = File.OpenHandle(image, FileMode.Open, FileAccess.ReadWrite);
        foreach (long start in new long[] { 2048, 4096, 6144, 8192 })
        {
            RandomAccess.Write(handle, payload, start * 512);
        }

        return image;
    }
}
