// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Security.Cryptography;
using System.Text.Json;
using Portabled.Testing;
using Portabled.Testing.Verity;

namespace Portabled.DissectTool.Tests.Commands;

/// <summary>
/// --verify and the VERITY column on DDIs made with mksquashfs, veritysetup, sfdisk and openssl;
/// <c>veritysetup verify</c> of the same partitions is the oracle for every verdict.
/// </summary>
public class VerifyCommandTests
{
    private static readonly Lazy<(string Fs, string Hash, string RootHash)> s_fs = new(() =>
    {
        // The directory fixture plus 1 MiB of random data, so the tree has two levels.
        string tree = Fixtures.NewPath("verity-tree");
        ProcessRunner.RunChecked("cp", "-a", Fixtures.DirectoryImage, tree);
        File.WriteAllBytes(Path.Join(tree, "usr/lib/random.bin"), RandomNumberGenerator.GetBytes(1 << 20));
        string fs = Fixtures.NewPath("verity.squashfs");
        ProcessRunner.RunChecked("mksquashfs", tree, fs, "-noappend", "-quiet", "-no-progress");
        using (var f = new FileStream(fs, FileMode.Open))
        {
            f.SetLength((f.Length + 4095) / 4096 * 4096);
        }

        return (fs, fs + ".hash", VeritySetup.Format(fs, fs + ".hash"));
    });

    private static readonly Lazy<string> s_trusted = new(() =>
    {
        string root = Fixtures.NewPath("root");
        TestSigningKey.Trusted.Trust(root + "/etc/verity.d");
        return root;
    });

    [RequiresFact("veritysetup", "mksquashfs", "sfdisk", "openssl")]
    public void Verify_SignedDdi_ExitZeroLikeVeritysetup()
    {
        VerityDiskLayout disk = Disk(signed: true);
        Assert.True(Oracle(disk));

        ToolRun run = ToolRun.Invoke("--verify", "--certificate-root=" + s_trusted.Value, disk.Path);

        Assert.Equal((0, string.Empty), (run.ExitCode, run.StandardError));
        long blocks = new FileInfo(s_fs.Value.Fs).Length / 4096;
        Assert.Equal($"root: {blocks} data blocks of 4096 bytes verified (sha256, root hash {disk.RootHash}, signature valid).\n", run.StandardOutput);
    }

    [RequiresFact("veritysetup", "mksquashfs", "sfdisk")]
    public void Verify_FlippedDataBit_ExitOneNamingTheBlock()
    {
        VerityDiskLayout disk = Disk(signed: false);
        VerityDiskImage.FlipBit(disk.Path, disk.DataOffset + (4096 * 5) + 77);
        Assert.False(Oracle(disk));

        ToolRun run = ToolRun.Invoke("--verify", disk.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"Failed to verify image '{disk.Path}': ", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("verity data block 5 ", run.StandardError, StringComparison.Ordinal);
    }

    [RequiresFact("veritysetup", "mksquashfs", "sfdisk")]
    public void Verify_FlippedHashBit_ExitOne()
    {
        VerityDiskLayout disk = Disk(signed: false);
        VerityDiskImage.FlipBit(disk.Path, disk.HashOffset + 4096 + 3);
        Assert.False(Oracle(disk));

        ToolRun run = ToolRun.Invoke("--verify", disk.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("verity hash block 1 ", run.StandardError, StringComparison.Ordinal);
    }

    [RequiresFact("veritysetup", "mksquashfs", "sfdisk", "openssl")]
    public void Verify_UntrustedSignature_ExitOne()
    {
        VerityDiskLayout disk = Disk(signed: true);

        ToolRun run = ToolRun.Invoke("--verify", disk.Path, "--certificate-root", Fixtures.NewPath("nothing-trusted"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("root hash signature cannot be checked", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.StandardOutput);
    }

    /// <summary>
    /// Without libcrypto (an empty file bound over it in a private mount namespace) the signature
    /// cannot be checked, and the refusal names the library; the shipped program (scripts/build) runs.
    /// </summary>
    [RequiresFact("root", "unshare", "mount", "veritysetup", "mksquashfs", "sfdisk", "openssl")]
    public void Verify_LibcryptoMissing_ExitOneNamingIt()
    {
        VerityDiskLayout disk = Disk(signed: true);
        string library = new[] { "/usr/lib/x86_64-linux-gnu/libcrypto.so.3", "/usr/lib/aarch64-linux-gnu/libcrypto.so.3", "/usr/lib64/libcrypto.so.3", "/usr/lib/libcrypto.so.3" }
            .First(File.Exists);
        string empty = Fixtures.NewPath("empty.so");
        File.WriteAllBytes(empty, []);

        ProcessResult run = ProcessRunner.Run("unshare", ["--mount", "--propagation=private", "/bin/sh", "-c",
            "mount --bind \"$1\" \"$2\" && shift 2 && exec " + PortabledCommands.DissectTool + " \"$@\"",
            "sh", empty, library, "--verify", "--certificate-root=" + s_trusted.Value, disk.Path]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"Failed to verify image '{disk.Path}': {disk.Path}: root hash signature cannot be checked: libcrypto.so.3 cannot be loaded\n", run.StandardError);
    }

    [RequiresFact("sfdisk", "mksquashfs")]
    public void Verify_UnprotectedImage_ExitOne()
    {
        ToolRun run = ToolRun.Invoke("--verify", Fixtures.GptImage("squashfs"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("No verity protected partition found", run.StandardError, StringComparison.Ordinal);
    }

    [RequiresTheory("veritysetup", "mksquashfs", "sfdisk", "openssl")]
    [InlineData(true, "signed")]
    [InlineData(false, "yes")]
    public void Summary_Ddi_VerityColumn(bool signed, string expected)
    {
        VerityDiskLayout disk = Disk(signed);

        ToolRun run = ToolRun.Invoke("--json=short", "--certificate-root=" + s_trusted.Value, disk.Path);

        Assert.Equal(0, run.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(run.StandardOutput);
        JsonElement root = doc.RootElement.GetProperty("mounts").EnumerateArray().First(m => m.GetProperty("designator").GetString() == "root");
        Assert.Equal(expected, root.GetProperty("verity").GetString());
        Assert.Contains(doc.RootElement.GetProperty("osRelease").EnumerateArray(), e => e.GetString()!.StartsWith("ID=", StringComparison.Ordinal));
    }

    [RequiresFact("veritysetup", "mksquashfs")]
    public void Summary_NakedWithVeritySidecar_External()
    {
        string dir = Fixtures.NewPath("sidecar");
        Directory.CreateDirectory(dir);
        File.Copy(s_fs.Value.Fs, Path.Join(dir, "demo.raw"));
        File.Copy(s_fs.Value.Hash, Path.Join(dir, "demo.verity"));
        File.WriteAllText(Path.Join(dir, "demo.roothash"), s_fs.Value.RootHash);

        ToolRun summary = ToolRun.Invoke("--json=short", Path.Join(dir, "demo.raw"));
        ToolRun verify = ToolRun.Invoke("--verify", Path.Join(dir, "demo.raw"));

        using JsonDocument doc = JsonDocument.Parse(summary.StandardOutput);
        Assert.Equal("external", doc.RootElement.GetProperty("mounts")[0].GetProperty("verity").GetString());
        Assert.Equal(0, verify.ExitCode);
        Assert.True(VeritySetup.Verify(Path.Join(dir, "demo.raw"), Path.Join(dir, "demo.verity"), s_fs.Value.RootHash));
    }

    [RequiresFact("veritysetup", "mksquashfs", "sfdisk")]
    public void Mtree_TamperedDdi_FailsInsteadOfWrongHashes()
    {
        VerityDiskLayout disk = Disk(signed: false);
        ToolRun intact = ToolRun.Invoke("--mtree", disk.Path);
        VerityDiskImage.FlipBit(disk.Path, disk.DataOffset + disk.DataSize - 4096 - 100);

        ToolRun tampered = ToolRun.Invoke("--mtree", disk.Path);

        Assert.Equal(0, intact.ExitCode);
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("verity data block", tampered.StandardError, StringComparison.Ordinal);
    }

    private static VerityDiskLayout Disk(bool signed)
    {
        (string fs, string hash, string rootHash) = s_fs.Value;
        return VerityDiskImage.Build(Fixtures.NewPath("ddi.raw"), fs, hash, rootHash, signed ? TestSigningKey.Trusted.SignatureJson(rootHash) : null);
    }

    private static bool Oracle(VerityDiskLayout disk)
    {
        string data = Fixtures.NewPath("data"), hash = Fixtures.NewPath("hash");
        byte[] image = File.ReadAllBytes(disk.Path);
        File.WriteAllBytes(data, image.AsSpan((int)disk.DataOffset, (int)disk.DataSize).ToArray());
        File.WriteAllBytes(hash, image.AsSpan((int)disk.HashOffset, (int)disk.HashSize).ToArray());
        return VeritySetup.Verify(data, hash, disk.RootHash);
    }
}
