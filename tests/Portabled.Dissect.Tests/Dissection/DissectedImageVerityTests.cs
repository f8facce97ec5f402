// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Dissection;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Tests.Fixtures;
using Portabled.Dissect.Verity;
using Portabled.Testing;
using Portabled.Testing.Verity;

namespace Portabled.Dissect.Tests.Dissection;

/// <summary>
/// Verity protected images made by veritysetup, sfdisk and openssl, dissected and read: the tree read
/// through the hash tree equals the kernel's view of the data partition; every source of a root hash is
/// used as systemd uses it; corruption of any part is refused with a clear error.
/// </summary>
public class DissectedImageVerityTests
{
    private const string Tools = "veritysetup";

    private static DissectionOptions Trusting => new() { Architecture = "x86-64", VerityCertificateRoot = VerityImages.TrustedRoot };

    [RequiresTheory(Tools, "sfdisk", "mksquashfs", "mke2fs", "mkfs.erofs", "openssl", "unshare", "root")]
    [InlineData("squashfs")]
    [InlineData("ext4")]
    [InlineData("erofs")]
    public void OpenRootFileSystem_SignedDdi_VerifiedTreeMatchesKernel(string type)
    {
        VerityDiskLayout disk = VerityImages.Disk(type);
        IReadOnlyList<string> kernel = KernelOracle.List(disk.Path, disk.DataOffset, disk.DataSize, type);

        using DissectedImage image = DissectedImage.Open(disk.Path, Trusting);
        using IReadOnlyFileSystem fs = image.OpenRootFileSystem();

        Assert.Equal(string.Join('\n', kernel), string.Join('\n', FileSystemListing.FromFileSystem(fs)));
        Assert.True(image.Verity.IsSignatureReady);
        Assert.True(image.Verity.SignatureFromPartition);
        Assert.Equal(VerityRootHashSource.SignaturePartition, image.Verity.RootHashSource);
        Assert.Equal(PartitionDesignator.Root, image.Verity.Designator);
        Assert.True(image.IsVerityProtected(image.Root!));
        Assert.Equal("signed", image.VerityStatus(PartitionDesignator.Root));
        Assert.Equal("verity_hash_signature", image.RootVeritySig!.FileSystemType);
        image.OpenVerityTree().VerifyAll();
    }

    [RequiresFact(Tools, "sfdisk", "mksquashfs")]
    public void Open_NoSignature_RootHashFromPartitionUuids()
    {
        VerityDiskLayout disk = VerityImages.Disk("squashfs", signed: false);

        using DissectedImage image = DissectedImage.Open(disk.Path, Trusting);
        using IReadOnlyFileSystem fs = image.OpenRootFileSystem();

        Assert.Equal(VerityRootHashSource.PartitionUuids, image.Verity.RootHashSource);
        Assert.Equal(disk.RootHash, Convert.ToHexStringLower(image.Verity.RootHash.Span));
        Assert.True(image.Verity.IsReady);
        Assert.False(image.Verity.IsSignatureReady);
        Assert.Equal("yes", image.VerityStatus(PartitionDesignator.Root));
        Assert.True(ImagePathResolver.TryResolve(fs, "/etc/os-release", true, out _));
    }

    /// <summary>Partition UUIDs that are not the root hash: the guessed root hash does not match the tree, and nothing is read.</summary>
    [RequiresFact(Tools, "sfdisk", "mksquashfs")]
    public void OpenRootFileSystem_UuidsNotFromRootHash_RootHashMismatch()
    {
        VerityDiskLayout disk = VerityImages.Disk("squashfs", signed: false, uuids: (Guid.NewGuid(), Guid.NewGuid()));

        using DissectedImage image = DissectedImage.Open(disk.Path, Trusting);

        var e = Assert.Throws<VerityMismatchException>(() => image.OpenRootFileSystem());
        Assert.Equal(VerityBlockKind.Hash, e.Kind);
        Assert.Contains("does not match the root hash", e.Message, StringComparison.Ordinal);
    }

    /// <summary>One flipped bit in a file's data: the file cannot be read (EIO naming the block); unverified reading would hand out the bytes.</summary>
    [RequiresTheory(Tools, "sfdisk", "mksquashfs", "mke2fs", "mkfs.erofs", "openssl")]
    [InlineData("squashfs")]
    [InlineData("ext4")]
    [InlineData("erofs")]
    public void Read_FlippedDataBit_FileUnreadable(string type)
    {
        VerityDiskLayout disk = VerityImages.Disk(type);
        long at = FindInPartition(disk.Path, disk.DataOffset, disk.DataSize, File.ReadAllBytes(Path.Join(GptRootImages.Tree, "usr/lib/medium.bin")).AsSpan(100000, 64));
        VerityDiskImage.FlipBit(disk.Path, at + 10);

        using DissectedImage image = DissectedImage.Open(disk.Path, Trusting);
        using IReadOnlyFileSystem fs = image.OpenRootFileSystem();
        var e = Assert.Throws<VerityMismatchException>(() => ReadFile(fs, "/usr/lib/medium.bin"));
        Assert.Equal(VerityBlockKind.Data, e.Kind);
        Assert.Equal((at + 10 - disk.DataOffset) / 4096, e.Block);
        Assert.NotEmpty(ReadFile(fs, "/usr/lib/os-release"));
        using DissectedImage unchecked_ = DissectedImage.Open(disk.Path, new DissectionOptions { Architecture = "x86-64", CheckVerity = false });
        using IReadOnlyFileSystem raw = unchecked_.OpenRootFileSystem();
        Assert.NotEqual(File.ReadAllBytes(Path.Join(GptRootImages.Tree, "usr/lib/medium.bin")), ReadFile(raw, "/usr/lib/medium.bin"));
    }

    [RequiresFact(Tools, "sfdisk", "mksquashfs", "openssl")]
    public void VerifyAll_FlippedHashBit_NamesHashBlock()
    {
        VerityDiskLayout disk = VerityImages.Disk("squashfs");
        VerityDiskImage.FlipBit(disk.Path, disk.HashOffset + 4096 + 4096 + 5);

        using DissectedImage image = DissectedImage.Open(disk.Path, Trusting);

        var e = Assert.Throws<VerityMismatchException>(() => image.OpenVerityTree().VerifyAll());
        Assert.Equal(VerityBlockKind.Hash, e.Kind);
    }

    [RequiresFact(Tools, "sfdisk", "mksquashfs", "openssl")]
    public void OpenRootFileSystem_FlippedSuperBlockBit_InvalidImage()
    {
        VerityDiskLayout disk = VerityImages.Disk("squashfs");
        VerityDiskImage.FlipBit(disk.Path, disk.HashOffset + 72, 4);

        using DissectedImage image = DissectedImage.Open(disk.Path, Trusting);

        Assert.ThrowsAny<InvalidImageException>(() => image.OpenRootFileSystem());
    }

    [RequiresFact(Tools, "sfdisk", "mksquashfs", "openssl")]
    public void OpenRootFileSystem_TruncatedHashPartition_InvalidImage()
    {
        VerityFileSystem fs = VerityImages.FileSystem("squashfs");
        string shortHash = TestImages.NewPath("short.hash");
        File.WriteAllBytes(shortHash, File.ReadAllBytes(fs.Hash)[..^4096]);
        VerityDiskLayout disk = VerityImages.Disk("squashfs", hash: shortHash);

        using DissectedImage image = DissectedImage.Open(disk.Path, Trusting);

        var e = Assert.Throws<InvalidImageException>(() => image.OpenRootFileSystem());
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [RequiresTheory(Tools, "sfdisk", "mksquashfs", "openssl")]
    [InlineData("untrusted", VeritySignatureCheck.Untrusted)]
    [InlineData("none", VeritySignatureCheck.NoCertificates)]
    [InlineData("other-hash", VeritySignatureCheck.Untrusted)]
    public void OpenRootFileSystem_SignatureNotVerifying_Refused(string how, VeritySignatureCheck expected)
    {
        VerityFileSystem fs = VerityImages.FileSystem("squashfs");
        TestSigningKey key = how == "untrusted" ? TestSigningKey.Untrusted : TestSigningKey.Trusted;
        string signed = how == "other-hash" ? new string('a', 64) : fs.RootHash;
        string json = $$"""{"rootHash":"{{fs.RootHash}}","signature":"{{Convert.ToBase64String(key.Sign(signed))}}"}""";
        VerityDiskLayout disk = VerityImages.Disk("squashfs", signatureJson: json);
        var options = new DissectionOptions { Architecture = "x86-64", VerityCertificateRoot = how == "none" ? TestImages.NewPath("no-certs") : VerityImages.TrustedRoot };

        using DissectedImage image = DissectedImage.Open(disk.Path, options);

        var e = Assert.Throws<VeritySignatureException>(() => image.OpenRootFileSystem());
        Assert.Equal(expected, e.Check);
        Assert.Equal(126, e.HResult);
    }

    [RequiresTheory(Tools, "sfdisk", "mksquashfs")]
    [InlineData("", DissectionError.VeritySignatureMissing)]
    [InlineData("garbage", DissectionError.VeritySignatureInvalid)]
    [InlineData("{\"rootHash\":\"00\"}", DissectionError.VeritySignatureInvalid)]
    public void Open_BadSignaturePartition_Refused(string json, DissectionError expected)
    {
        VerityDiskLayout disk = VerityImages.Disk("squashfs", signatureJson: json);

        var e = Assert.Throws<DissectionException>(() => DissectedImage.Open(disk.Path, Trusting));

        Assert.Equal(expected, e.Error);
    }

    /// <summary>A signature partition whose rootHash is not the one a sidecar gave is ignored, as 262 ignores it.</summary>
    [RequiresFact(Tools, "sfdisk", "mksquashfs", "openssl")]
    public void Open_SignaturePartitionForOtherHash_Ignored()
    {
        string other = new('b', 64);
        VerityDiskLayout disk = VerityImages.Disk("squashfs", signatureJson: TestSigningKey.Trusted.SignatureJson(other));
        File.WriteAllText(disk.Path[..^4] + ".roothash", disk.RootHash + "\n");

        using DissectedImage image = DissectedImage.Open(disk.Path, Trusting);
        using IReadOnlyFileSystem fs = image.OpenRootFileSystem();

        Assert.Equal(VerityRootHashSource.Sidecar, image.Verity.RootHashSource);
        Assert.True(image.Verity.Signature.IsEmpty);
        Assert.Equal("yes", image.VerityStatus(PartitionDesignator.Root));
    }

    [RequiresFact(Tools, "sfdisk", "mksquashfs", "openssl")]
    public void OpenRootFileSystem_UsrDdi_UsrVerified()
    {
        VerityDiskLayout disk = VerityImages.Disk("squashfs", usr: true);

        using DissectedImage image = DissectedImage.Open(disk.Path, Trusting);
        using IReadOnlyFileSystem fs = image.OpenRootFileSystem();

        Assert.Equal(PartitionDesignator.Usr, image.Verity.Designator);
        Assert.True(image.Verity.IsSignatureReady);
        Assert.True(image.IsVerityProtected(image.Usr!));
        Assert.Equal("signed", image.VerityStatus(PartitionDesignator.Usr));
        Assert.True(ImagePathResolver.TryResolve(fs, "/usr/lib/os-release", true, out _));
    }

    /// <summary>The older layout: a naked file system with X.verity, X.roothash and (optionally) X.roothash.p7s next to it.</summary>
    [RequiresTheory(Tools, "mksquashfs", "openssl")]
    [InlineData(false)]
    [InlineData(true)]
    public void OpenRootFileSystem_NakedWithSidecars_Verified(bool signed)
    {
        VerityFileSystem fs = VerityImages.FileSystem("squashfs");
        string path = Sidecars(fs, signed ? TestSigningKey.Trusted.Sign(fs.RootHash) : null);

        using DissectedImage image = DissectedImage.Open(path, Trusting);
        using IReadOnlyFileSystem tree = image.OpenRootFileSystem();

        Assert.True(image.Verity.IsReady);
        Assert.Equal(signed, image.Verity.IsSignatureReady);
        Assert.Equal(path[..^4] + ".verity", image.Verity.DataPath);
        Assert.Equal("external", image.VerityStatus(PartitionDesignator.Root));
        Assert.True(image.IsVerityProtected(image.Root!));
        image.OpenVerityTree().VerifyAll();
        VerityDiskImage.FlipBit(path, 4096 * 3);
        Assert.Throws<VerityMismatchException>(() => image.OpenVerityTree().VerifyAll());
    }

    [RequiresFact(Tools, "mksquashfs", "openssl")]
    public void OpenRootFileSystem_SidecarSignatureUntrusted_Refused()
    {
        VerityFileSystem fs = VerityImages.FileSystem("squashfs");
        string path = Sidecars(fs, TestSigningKey.Untrusted.Sign(fs.RootHash));

        using DissectedImage image = DissectedImage.Open(path, Trusting);

        Assert.Throws<VeritySignatureException>(() => image.OpenRootFileSystem());
    }

    [RequiresFact(Tools, "mksquashfs")]
    public void OpenRootFileSystem_SidecarWrongRootHash_Refused()
    {
        VerityFileSystem fs = VerityImages.FileSystem("squashfs");
        string path = Sidecars(fs, null);
        File.WriteAllText(path[..^4] + ".roothash", new string('c', 64) + "\n");

        using DissectedImage image = DissectedImage.Open(path, Trusting);

        Assert.Throws<VerityMismatchException>(() => image.OpenRootFileSystem());
    }

    [RequiresFact(Tools, "sfdisk", "mksquashfs")]
    public void Open_PartitionedImageWithVeritySidecar_Refused()
    {
        VerityDiskLayout disk = VerityImages.Disk("squashfs", signed: false);
        File.Copy(VerityImages.FileSystem("squashfs").Hash, disk.Path[..^4] + ".verity");

        var e = Assert.Throws<DissectionException>(() => DissectedImage.Open(disk.Path, Trusting));

        Assert.Equal(DissectionError.ExternalVerityWithPartitionTable, e.Error);
    }

    [RequiresFact(Tools, "sfdisk", "mksquashfs")]
    public void Open_UpstreamVerityOff_NothingChecked()
    {
        VerityDiskLayout disk = VerityImages.Disk("squashfs", signed: false, uuids: (Guid.NewGuid(), Guid.NewGuid()));
        var options = new DissectionOptions { Architecture = "x86-64", UseVeritySidecars = false, UseVeritySignaturePartition = false, GuessVerityRootHash = false, CheckVerity = false };

        using DissectedImage image = DissectedImage.Open(disk.Path, options);
        using IReadOnlyFileSystem fs = image.OpenRootFileSystem();

        Assert.False(image.Verity.IsReady);
        Assert.False(image.IsVerityProtected(image.Root!));
        Assert.True(ImagePathResolver.TryResolve(fs, "/etc/os-release", true, out _));
    }

    private static string Sidecars(VerityFileSystem fs, byte[]? signature)
    {
        string dir = TestImages.NewPath("sidecars");
        Directory.CreateDirectory(dir);
        string path = Path.Join(dir, "app.raw");
        File.Copy(fs.FileSystem, path);
        File.Copy(fs.Hash, Path.Join(dir, "app.verity"));
        File.WriteAllText(Path.Join(dir, "app.roothash"), fs.RootHash + "\n");
        if (signature is not null)
        {
            File.WriteAllBytes(Path.Join(dir, "app.roothash.p7s"), signature);
        }

        return path;
    }

    private static long FindInPartition(string path, long offset, long size, ReadOnlySpan<byte> needle)
    {
        byte[] data = TestImages.ReadAt(path, offset, (int)size);
        int at = data.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, "content not found stored uncompressed");
        return offset + at;
    }

    private static byte[] ReadFile(IReadOnlyFileSystem fs, string path)
    {
        Assert.True(ImagePathResolver.TryResolve(fs, path, true, out ResolvedPath resolved));
        using Stream s = fs.OpenRead(resolved.Node);
        using var copy = new MemoryStream();
        s.CopyTo(copy);
        return copy.ToArray();
    }
}
