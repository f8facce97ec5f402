// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Versions;
using Portabled.Testing;
using Portabled.Testing.Verity;

namespace Portabled.Core.Tests;

/// <summary>
/// Verity protected raw images through the whole manager: the pinned policies the real 262 wrote for
/// the same layouts (observed), and the checks 262 would leave to dm-verity made here, each refusal
/// with upstream's errno. Certificates are trusted through the host root's /etc/verity.d.
/// </summary>
public class PortableManagerVerityTests
{
    private const string Attached = "/etc/systemd/system.attached";
    private const string Tools = "veritysetup";

    public enum Layout
    {
        SignedDdi,
        UnsignedDdi,
        SignedUsrDdi,
        NakedWithTree,
        NakedWithTreeSigned,
        NakedRootHashOnly,
        NakedRootHashSignedOnly,
    }

    [RequiresTheory(Tools, "mksquashfs", "sfdisk", "openssl")]
    [InlineData(Layout.SignedDdi, "root=signed+read-only-on+growfs-off+squashfs:root-verity=read-only-on+growfs-off:root-verity-sig=read-only-on+growfs-off:=absent")]
    [InlineData(Layout.UnsignedDdi, "root=verity+read-only-on+growfs-off+squashfs:root-verity=read-only-on+growfs-off:=absent")]
    [InlineData(Layout.SignedUsrDdi, "usr=signed+read-only-on+growfs-off+squashfs:usr-verity=read-only-on+growfs-off:usr-verity-sig=read-only-on+growfs-off:=absent")]
    [InlineData(Layout.NakedWithTree, "root=signed+squashfs:=absent")]
    [InlineData(Layout.NakedWithTreeSigned, "root=signed+squashfs:=absent")]
    [InlineData(Layout.NakedRootHashOnly, "root=verity+squashfs:=absent")]
    [InlineData(Layout.NakedRootHashSignedOnly, "root=signed+squashfs:=absent")]
    public void Attach_Verity262_PinsWhatRealPeerPinned(Layout layout, string expected)
    {
        using TestHost host = NewHost();
        Build(host, layout);

        host.Manager(UpstreamVersion.V262).Attach("/tmp/img/app.raw", [], ["app"], "default", "", 0);

        Assert.Contains($"\nRootImagePolicy={expected}\n", host.ReadFile($"{Attached}/app.service.d/20-portable.conf"), StringComparison.Ordinal);
    }

    [RequiresFact(Tools, "mksquashfs", "sfdisk", "openssl")]
    public void Attach_SignedDdi252_NoPolicyNoCheck()
    {
        using TestHost host = NewHost(trust: false);
        host.WriteFile("/etc/os-release", "ID=debian\n");
        Build(host, Layout.SignedDdi);

        host.Manager(UpstreamVersion.V252).Attach("/tmp/img/app.raw", [], ["app"], "default", "", 0);

        Assert.DoesNotContain("Policy=", host.ReadFile($"{Attached}/app.service.d/20-portable.conf"), StringComparison.Ordinal);
    }

    [RequiresTheory(Tools, "mksquashfs", "sfdisk", "openssl")]
    [InlineData("untrusted")]
    [InlineData("no-certificates")]
    public void Attach_SignatureNotVerifying_RequiredKeyNotAvailable(string how)
    {
        using TestHost host = NewHost(trust: how != "no-certificates");
        Build(host, Layout.SignedDdi, key: how == "untrusted" ? TestSigningKey.Untrusted : TestSigningKey.Trusted);

        var e = Assert.Throws<ErrnoException>(() => host.Manager(UpstreamVersion.V262).Attach("/tmp/img/app.raw", [], ["app"], "default", "", 0));

        Assert.Equal(("System.Error.ENOKEY", "Required key not available"), (e.ErrorName, e.Message));
        Assert.False(host.Exists($"{Attached}/app.service"));
    }

    /// <summary>Partition UUIDs that do not spell the root hash: the guessed root hash does not match the tree (where dm-verity would fail every read with EIO).</summary>
    [RequiresFact(Tools, "mksquashfs", "sfdisk")]
    public void GetMetadata_WrongRootHash_IOErrorNamingTheImage()
    {
        using TestHost host = NewHost();
        Build(host, Layout.UnsignedDdi, uuids: (Guid.NewGuid(), Guid.NewGuid()));

        var e = Assert.Throws<ErrnoException>(() => host.Manager(UpstreamVersion.V262).GetMetadata("/tmp/img/app.raw", [], [], 0));

        Assert.Equal("org.freedesktop.DBus.Error.IOError", e.ErrorName);
        Assert.StartsWith("Failed to read image '/tmp/img/app.raw': ", e.Message, StringComparison.Ordinal);
        Assert.Contains("does not match the root hash", e.Message, StringComparison.Ordinal);
    }

    [RequiresFact(Tools, "mksquashfs", "sfdisk", "openssl")]
    public void GetMetadata_FlippedBitInUnitFile_Refused()
    {
        using TestHost host = NewHost();
        VerityDiskLayout disk = Build(host, Layout.SignedDdi, uncompressed: true);
        byte[] data = File.ReadAllBytes(disk.Path);
        int at = data.AsSpan((int)disk.DataOffset, (int)disk.DataSize).IndexOf("ExecStart=/usr/bin/app"u8);
        Assert.True(at >= 0);
        VerityDiskImage.FlipBit(disk.Path, disk.DataOffset + at + 3);

        Exception e = Assert.ThrowsAny<Exception>(() => host.Manager(UpstreamVersion.V262).GetMetadata("/tmp/img/app.raw", [], [], 0));

        Assert.True(e is Dissect.Verity.VerityMismatchException || (e is ErrnoException errno && errno.Errno == Errno.EIO), e.ToString());
        Assert.Contains("verity data block", e.Message, StringComparison.Ordinal);
    }

    [RequiresTheory(Tools, "mksquashfs", "sfdisk")]
    [InlineData("", "System.Error.ENODATA", "No data available")]
    [InlineData("not json", "org.freedesktop.DBus.Error.InvalidArgs", "Invalid argument")]
    public void GetMetadata_BadSignaturePartition_UpstreamErrno(string json, string name, string message)
    {
        using TestHost host = NewHost();
        Build(host, Layout.SignedDdi, signatureJson: json);

        var e = Assert.Throws<ErrnoException>(() => host.Manager(UpstreamVersion.V262).GetMetadata("/tmp/img/app.raw", [], [], 0));

        Assert.Equal((name, message), (e.ErrorName, e.Message));
    }

    [RequiresFact(Tools, "mksquashfs", "sfdisk")]
    public void GetMetadata_PartitionedImageWithVeritySidecar_InvalidRequestDescriptor()
    {
        using TestHost host = NewHost();
        VerityDiskLayout disk = Build(host, Layout.UnsignedDdi);
        File.WriteAllBytes(disk.Path[..^4] + ".verity", [1]);

        var e = Assert.Throws<ErrnoException>(() => host.Manager(UpstreamVersion.V262).GetMetadata("/tmp/img/app.raw", [], [], 0));

        Assert.Equal(("System.Error.EBADR", "Invalid request descriptor"), (e.ErrorName, e.Message));
    }

    private static TestHost NewHost(bool trust = true)
    {
        var host = new TestHost();
        host.CreateDefaultProfiles();
        if (trust)
        {
            TestSigningKey.Trusted.Trust(host.Host("/etc/verity.d"));
        }

        return host;
    }

    private static VerityDiskLayout Build(TestHost host, Layout layout, TestSigningKey? key = null, string? signatureJson = null, (Guid, Guid)? uuids = null, bool uncompressed = false)
    {
        key ??= TestSigningKey.Trusted;
        bool usr = layout == Layout.SignedUsrDdi;
        string tree = RawImages.Tree(host, "app");
        string fs = host.Host($"/.trees/{Guid.NewGuid():N}.squashfs");
        string[] compression = uncompressed ? ["-noI", "-noD", "-noF"] : [];
        ProcessRunner.RunChecked("mksquashfs", [usr ? Path.Join(tree, "usr") : tree, fs, "-noappend", "-quiet", "-all-root", "-no-progress", .. compression]);
        using (var f = new FileStream(fs, FileMode.Open))
        {
            f.SetLength((f.Length + 4095) / 4096 * 4096);
        }

        string hash = fs + ".hash";
        string rootHash = VeritySetup.Format(fs, hash);
        string image = host.Host("/tmp/img/app.raw");
        Directory.CreateDirectory(Path.GetDirectoryName(image)!);
        string stem = image[..^4];
        switch (layout)
        {
            case Layout.SignedDdi or Layout.SignedUsrDdi:
                string json = signatureJson ?? $$"""{"rootHash":"{{rootHash}}","signature":"{{Convert.ToBase64String(key.Sign(rootHash))}}"}""";
                return VerityDiskImage.Build(image, fs, hash, rootHash, json, usr, uuids);
            case Layout.UnsignedDdi:
                return VerityDiskImage.Build(image, fs, hash, rootHash, null, usr, uuids);
        }

        File.Copy(fs, image);
        File.WriteAllText(stem + ".roothash", rootHash + "\n");
        if (layout is Layout.NakedWithTree or Layout.NakedWithTreeSigned)
        {
            File.Copy(hash, stem + ".verity");
        }

        if (layout is Layout.NakedWithTreeSigned or Layout.NakedRootHashSignedOnly)
        {
            File.WriteAllBytes(stem + ".roothash.p7s", key.Sign(rootHash));
        }

        return new VerityDiskLayout(image, rootHash, 0, new FileInfo(fs).Length, 0, 0, 0, 0);
    }
}
