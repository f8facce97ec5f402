// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Security.Cryptography;
using System.Text;
using Portabled.Core.Errors;
using Portabled.Core.Versions;
using Portabled.Testing;
using Portabled.Testing.Verity;

namespace Portabled.Core.Tests;

/// <summary>
/// Signed verity DDIs made by the real systemd-repart of 262 (erofs and squashfs roots) through the
/// whole manager: the policy the real 262 pins for them (the daemon differential in
/// Portabled.Service.Tests compares it with the real daemon), and the refusals where the tree or the
/// signature does not hold. Certificates are trusted through the host root's /etc/verity.d.
/// </summary>
public class PortableManagerRepartImageTests
{
    private const string Attached = "/etc/systemd/system.attached";
    private const string Image = "/tmp/img/app.raw";

    [RequiresSystemd262Theory("veritysetup", "mkfs.erofs", "mksquashfs", "openssl")]
    [InlineData("erofs")]
    [InlineData("squashfs")]
    public void AttachDetach_RepartImage262_PinsSignedPolicy(string fileSystem)
    {
        using TestHost host = NewHost(trust: true);
        Build(host, fileSystem);

        host.Manager(UpstreamVersion.V262).Attach(Image, [], ["app"], "default", "", 0);
        string dropIn = host.ReadFile($"{Attached}/app.service.d/20-portable.conf");
        host.Manager(UpstreamVersion.V262).Detach(Image, [], 0);

        Assert.Contains($"\nRootImage={Image}\n", dropIn, StringComparison.Ordinal);
        Assert.Contains($"\nRootImagePolicy=root=signed+read-only-on+growfs-off+{fileSystem}:root-verity=read-only-on+growfs-off:root-verity-sig=read-only-on+growfs-off:=absent\n",
            dropIn, StringComparison.Ordinal);
        Assert.False(host.Exists($"{Attached}/app.service"));
    }

    [RequiresSystemd262Theory("veritysetup", "mkfs.erofs", "mksquashfs", "openssl")]
    [InlineData("erofs")]
    [InlineData("squashfs")]
    public void GetMetadata_RepartImage262_ReadsThroughTheTree(string fileSystem)
    {
        using TestHost host = NewHost(trust: true);
        Build(host, fileSystem);

        var metadata = host.Manager(UpstreamVersion.V262).GetMetadata(Image, [], [], 0);

        Assert.Equal(TestHost.DefaultOsRelease, Encoding.UTF8.GetString(metadata.OsRelease));
        var unit = Assert.Single(metadata.Units);
        Assert.Equal(("app.service", "[Unit]\nDescription=app\n\n[Service]\nExecStart=/usr/bin/app\n"), (unit.Name, Encoding.UTF8.GetString(unit.Contents)));
    }

    [RequiresSystemd262Fact("veritysetup", "mkfs.erofs", "openssl")]
    public void Attach_RepartImage252_NoPolicyNoCheck()
    {
        using TestHost host = NewHost(trust: false);
        host.WriteFile("/etc/os-release", "ID=debian\n");
        Build(host, "erofs");

        host.Manager(UpstreamVersion.V252).Attach(Image, [], ["app"], "default", "", 0);

        Assert.DoesNotContain("Policy=", host.ReadFile($"{Attached}/app.service.d/20-portable.conf"), StringComparison.Ordinal);
    }

    [RequiresSystemd262Theory("veritysetup", "mkfs.erofs", "mksquashfs", "openssl")]
    [InlineData("erofs", true)]
    [InlineData("squashfs", false)]
    public void Attach_RepartImageNotTrusted262_RequiredKeyNotAvailable(string fileSystem, bool signedByOtherKey)
    {
        using TestHost host = NewHost(trust: signedByOtherKey);
        Build(host, fileSystem, signedByOtherKey ? TestSigningKey.Untrusted : TestSigningKey.Trusted);

        var e = Assert.Throws<ErrnoException>(() => host.Manager(UpstreamVersion.V262).Attach(Image, [], ["app"], "default", "", 0));

        Assert.Equal(("System.Error.ENOKEY", "Required key not available"), (e.ErrorName, e.Message));
        Assert.False(host.Exists($"{Attached}/app.service"));
    }

    /// <summary>
    /// One flipped bit in hash block 2 (the first level-0 block: the digests of data blocks 0–127, where
    /// both file systems keep their superblock): the first read fails where dm-verity would give EIO.
    /// </summary>
    [RequiresSystemd262Theory("veritysetup", "mkfs.erofs", "mksquashfs", "openssl")]
    [InlineData("erofs")]
    [InlineData("squashfs")]
    public void Attach_RepartImageFlippedHashBit262_Refused(string fileSystem)
    {
        using TestHost host = NewHost(trust: true);
        VerityDiskLayout disk = Build(host, fileSystem);
        VerityDiskImage.FlipBit(disk.Path, disk.HashOffset + (2 * 4096) + 17);
        Assert.False(RepartImage.VerifyWithVeritySetup(disk, host.Host("/tmp")));

        Exception e = Assert.ThrowsAny<Exception>(() => host.Manager(UpstreamVersion.V262).Attach(Image, [], ["app"], "default", "", 0));

        Assert.True(e is Dissect.Verity.VerityMismatchException || (e is ErrnoException errno && errno.Errno == Errno.EIO), e.ToString());
        Assert.Contains("verity hash block 2", e.Message, StringComparison.Ordinal);
        Assert.False(host.Exists($"{Attached}/app.service"));
    }

    private static TestHost NewHost(bool trust)
    {
        var host = new TestHost();
        host.CreateDefaultProfiles();
        if (trust)
        {
            TestSigningKey.Trusted.Trust(host.Host("/etc/verity.d"));
        }

        return host;
    }

    /// <summary>/tmp/img/app.raw made by repart from a tree with app.service and 1 MiB of random data (a two-level tree).</summary>
    private static VerityDiskLayout Build(TestHost host, string fileSystem, TestSigningKey? key = null)
    {
        string tree = RawImages.Tree(host, "app");
        File.WriteAllBytes(Path.Join(tree, "usr/lib/payload.bin"), RandomNumberGenerator.GetBytes(1 << 20));
        string image = host.Host(Image);
        Directory.CreateDirectory(Path.GetDirectoryName(image)!);
        return RepartImage.Build(image, tree, fileSystem, key);
    }
}
