// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Portabled.Testing;
using Portabled.Testing.Verity;

namespace Portabled.DissectTool.Tests.Commands;

/// <summary>
/// DDIs made by the real systemd-repart of 262 (erofs and squashfs roots, root-verity, root-verity-sig
/// signed with the test key): the VERITY column, --verify, --mtree read through the tree, and the
/// corruption cases, with <c>veritysetup verify</c> of the same partitions as the oracle.
/// </summary>
public class RepartImageTests
{
    private const string Tools = "veritysetup", Repart = "mkfs.erofs", Sfdisk = "sfdisk";

    private static readonly Lazy<string> s_tree = new(() =>
    {
        // The directory fixture plus 1 MiB of random data, so the tree has two levels.
        string tree = Fixtures.NewPath("repart-tree");
        ProcessRunner.RunChecked("cp", "-a", Fixtures.DirectoryImage, tree);
        File.WriteAllBytes(Path.Join(tree, "usr/lib/random.bin"), RandomNumberGenerator.GetBytes(1 << 20));
        return tree;
    });

    private static readonly ConcurrentDictionary<string, Lazy<VerityDiskLayout>> s_images = new(StringComparer.Ordinal);

    private static readonly Lazy<string> s_trusted = new(() =>
    {
        string root = Fixtures.NewPath("root");
        TestSigningKey.Trusted.Trust(root + "/etc/verity.d");
        return root;
    });

    [RequiresSystemd262Theory("root", Tools, Repart, Sfdisk, "mksquashfs")]
    [InlineData("erofs")]
    [InlineData("squashfs")]
    public void Summary_RepartImage_RootSignedOfItsType(string fileSystem)
    {
        VerityDiskLayout disk = Copy(fileSystem);

        ToolRun text = ToolRun.Invoke("--no-legend", "--certificate-root=" + s_trusted.Value, disk.Path);
        ToolRun json = ToolRun.Invoke("--json=short", "--certificate-root=" + s_trusted.Value, disk.Path);

        Assert.Equal((0, string.Empty), (text.ExitCode, text.StandardError));
        string[] lines = [.. text.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))];
        string uuid = Guid.ParseExact(disk.RootHash[..32], "N").ToString();
        Assert.Contains($"ro root {uuid} root-x86-64 {fileSystem} x86-64 signed no - 1", lines);
        Assert.Contains(lines, l => l.StartsWith($"ro root-verity {Guid.ParseExact(disk.RootHash[32..], "N")} root-x86-64-verity DM_verity_hash ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ro root-verity-sig ", StringComparison.Ordinal));
        using JsonDocument doc = JsonDocument.Parse(json.StandardOutput);
        Assert.Equal("signed", doc.RootElement.GetProperty("mounts")[0].GetProperty("verity").GetString());
        Assert.Contains(doc.RootElement.GetProperty("osRelease").EnumerateArray(), e => e.GetString() == "ID=demo");
    }

    [RequiresSystemd262Theory("root", Tools, Repart, Sfdisk, "mksquashfs")]
    [InlineData("erofs")]
    [InlineData("squashfs")]
    public void Verify_RepartImage_ExitZeroLikeVeritysetup(string fileSystem)
    {
        VerityDiskLayout disk = Copy(fileSystem);
        Assert.True(RepartImage.VerifyWithVeritySetup(disk, Fixtures.Root));

        ToolRun run = ToolRun.Invoke("--verify", "--certificate-root=" + s_trusted.Value, disk.Path);

        Assert.Equal((0, string.Empty), (run.ExitCode, run.StandardError));
        Assert.Equal($"root: {disk.DataSize / 4096} data blocks of 4096 bytes verified (sha256, root hash {disk.RootHash}, signature valid).\n", run.StandardOutput);
    }

    /// <summary>What repart copied in reads back through the tree exactly as the source tree reads.</summary>
    [RequiresSystemd262Theory("root", Tools, Repart, Sfdisk, "mksquashfs")]
    [InlineData("erofs")]
    [InlineData("squashfs")]
    public void Mtree_RepartImage_EqualsSourceTree(string fileSystem)
    {
        VerityDiskLayout disk = Copy(fileSystem);

        ToolRun image = ToolRun.Invoke("--mtree", "--certificate-root=" + s_trusted.Value, disk.Path);
        ToolRun tree = ToolRun.Invoke("--mtree", s_tree.Value);

        Assert.Equal((0, string.Empty), (image.ExitCode, image.StandardError));
        Assert.Equal(tree.StandardOutput, image.StandardOutput);
    }

    public enum Corruption
    {
        DataBit,
        HashBit,
        SuperBlockBit,
        SignatureRootHash,
        TruncatedHash,
    }

    [RequiresSystemd262Theory("root", Tools, Repart, Sfdisk, "mksquashfs")]
    [InlineData("erofs", Corruption.DataBit, "verity data block")]
    [InlineData("squashfs", Corruption.DataBit, "verity data block")]
    [InlineData("erofs", Corruption.HashBit, "verity hash block")]
    [InlineData("squashfs", Corruption.HashBit, "verity hash block")]
    [InlineData("erofs", Corruption.SuperBlockBit, "verity")]
    [InlineData("squashfs", Corruption.TruncatedHash, "truncated")]
    [InlineData("erofs", Corruption.SignatureRootHash, "root hash signature does not verify")]
    public void Verify_CorruptRepartImage_ExitOneWithClearError(string fileSystem, Corruption corruption, string message)
    {
        VerityDiskLayout disk = Copy(fileSystem);
        switch (corruption)
        {
            case Corruption.DataBit:
                VerityDiskImage.FlipBit(disk.Path, disk.DataOffset + disk.DataSize - 4096 - 123);
                Assert.False(RepartImage.VerifyWithVeritySetup(disk, Fixtures.Root));
                break;
            case Corruption.HashBit:
                // Hash block 1: the top level (level 1) of the two, after the superblock's block.
                VerityDiskImage.FlipBit(disk.Path, disk.HashOffset + 4096 + 5);
                Assert.False(RepartImage.VerifyWithVeritySetup(disk, Fixtures.Root));
                break;
            case Corruption.SuperBlockBit:
                // The data block size field: 4096 becomes 4097.
                VerityDiskImage.FlipBit(disk.Path, disk.HashOffset + 64);
                Assert.False(RepartImage.VerifyWithVeritySetup(disk, Fixtures.Root));
                break;
            case Corruption.SignatureRootHash:
                // A different root hash in the signature partition's JSON: the signature is over another hash.
                ReplaceInSignaturePartition(disk, disk.RootHash, disk.RootHash[..^1] + (disk.RootHash[^1] == '0' ? '1' : '0'));
                break;
            case Corruption.TruncatedHash:
                Truncate(disk, 4);
                break;
        }

        ToolRun run = ToolRun.Invoke("--verify", "--certificate-root=" + s_trusted.Value, disk.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"Failed to verify image '{disk.Path}': ", run.StandardError, StringComparison.Ordinal);
        Assert.Contains(message, run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.StandardOutput);
    }

    [RequiresSystemd262Theory("root", Tools, Repart, "mksquashfs", "openssl")]
    [InlineData("erofs", true)]
    [InlineData("squashfs", false)]
    public void Verify_RepartImageSignedByUntrustedKey_ExitOne(string fileSystem, bool otherKeyTrusted)
    {
        string tree = s_tree.Value;
        VerityDiskLayout disk = RepartImage.Build(Fixtures.NewPath($"untrusted-{fileSystem}.raw"), tree, fileSystem, TestSigningKey.Untrusted);
        string root = otherKeyTrusted ? s_trusted.Value : Fixtures.NewPath("nothing-trusted");

        ToolRun run = ToolRun.Invoke("--verify", "--certificate-root=" + root, disk.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(otherKeyTrusted ? "root hash signature does not verify against any trusted certificate" : "root hash signature cannot be checked", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.StandardOutput);
    }

    /// <summary>A private copy of the image repart made once for <paramref name="fileSystem"/>, for a test to corrupt.</summary>
    private static VerityDiskLayout Copy(string fileSystem)
    {
        VerityDiskLayout made = s_images.GetOrAdd(fileSystem, fs => new Lazy<VerityDiskLayout>(() =>
            RepartImage.Build(Fixtures.NewPath($"repart-{fs}.raw"), s_tree.Value, fs))).Value;
        string copy = Fixtures.NewPath($"{fileSystem}.raw");
        File.Copy(made.Path, copy);
        return made with { Path = copy };
    }

    private static void ReplaceInSignaturePartition(VerityDiskLayout disk, string from, string to)
    {
        using var handle = File.OpenHandle(disk.Path, FileMode.Open, FileAccess.ReadWrite);
        byte[] partition = new byte[disk.SignatureSize];
        RandomAccess.Read(handle, partition, disk.SignatureOffset);
        int at = partition.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(from));
        Assert.True(at >= 0, "root hash not in the signature partition");
        RandomAccess.Write(handle, System.Text.Encoding.ASCII.GetBytes(to), disk.SignatureOffset + at);
    }

    /// <summary>Shrinks the verity partition (partition 2) to <paramref name="blocks"/> 4 KiB blocks with sfdisk, one block short of the tree.</summary>
    private static void Truncate(VerityDiskLayout disk, int blocks)
    {
        ProcessResult r = ProcessRunner.Run("sfdisk", ["-q", "--no-reread", "--no-tell-kernel", "-N", "2", disk.Path], standardInput: $",{blocks * 8}\n");
        Assert.True(r.ExitCode == 0, "sfdisk failed: " + r.StandardError);
    }
}
