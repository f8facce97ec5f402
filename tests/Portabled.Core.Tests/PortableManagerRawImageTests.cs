// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Errors;
using Portabled.Core.Metadata;
using Portabled.Core.State;
using Portabled.Core.Versions;
using Portabled.Testing;
using static Portabled.Core.Tests.PortableManagerAttachTests;

namespace Portabled.Core.Tests;

/// <summary>
/// Raw images (naked squashfs/ext4/erofs, GPT with DPS types) through the whole manager, against
/// what the real 252 and 262 daemons wrote for the same images (reference transcripts, observed).
/// </summary>
public class PortableManagerRawImageTests
{
    private const string Attached = "/etc/systemd/system.attached";

    [RequiresFact("mksquashfs")]
    public void Attach_NakedSquashFs262_MatchesRealPeerByteForByte()
    {
        using TestHost host = NewRawHost();
        RawImages.SquashFs(host, RawImages.Tree(host, "minsq"), "/tmp/img/minsq.raw");

        var changes = host.Manager(UpstreamVersion.V262).Attach("/tmp/img/minsq.raw", [], ["minsq"], "default", "", 0);

        Assert.Equal(
            [
                C(PortableChangeType.Mkdir, Attached),
                C(PortableChangeType.Mkdir, $"{Attached}/minsq.service.d"),
                C(PortableChangeType.Write, $"{Attached}/minsq.service.d/20-portable.conf"),
                C(PortableChangeType.Symlink, $"{Attached}/minsq.service.d/10-profile.conf", "/usr/lib/systemd/portable/profile/default/service.conf"),
                C(PortableChangeType.Copy, $"{Attached}/minsq.service"),
                C(PortableChangeType.Symlink, "/etc/portables/minsq.raw", "/tmp/img/minsq.raw"),
            ],
            changes);
        Assert.Equal(
            "# Drop-in created for image '/tmp/img/minsq.raw', do not edit.\n\n[Service]\nRootImage=/tmp/img/minsq.raw\nEnvironment=PORTABLE=minsq.raw\n" +
            "LogExtraFields=PORTABLE=minsq.raw\nRootImagePolicy=root=squashfs:=absent\nLogExtraFields=PORTABLE_NAME_AND_VERSION=minimal_1\n",
            host.ReadFile($"{Attached}/minsq.service.d/20-portable.conf"));
        Assert.Equal("[Unit]\nDescription=minsq\n\n[Service]\nExecStart=/usr/bin/minsq\n", host.ReadFile($"{Attached}/minsq.service"));
        Assert.Equal(PortableState.Attached, host.Manager().GetState("/tmp/img/minsq.raw", [], 0));
    }

    [RequiresFact("mkfs.ext4")]
    public void Attach_NakedExt4252_WritesRootImageWithoutPolicy()
    {
        using TestHost host = NewRawHost();
        host.WriteFile("/etc/os-release", "ID=debian\n");
        RawImages.Ext4(host, RawImages.Tree(host, "minext4"), "/tmp/img/minext4.raw");

        host.Manager(UpstreamVersion.V252).Attach("/tmp/img/minext4.raw", [], ["minext4"], "default", "", 0);

        Assert.Equal(
            "# Drop-in created for image '/tmp/img/minext4.raw', do not edit.\n\n[Service]\nRootImage=/tmp/img/minext4.raw\nEnvironment=PORTABLE=minext4.raw\n" +
            "BindReadOnlyPaths=/etc/os-release:/run/host/os-release\nLogExtraFields=PORTABLE=minext4.raw\n",
            host.ReadFile($"{Attached}/minext4.service.d/20-portable.conf"));
    }

    [RequiresTheory("mksquashfs", "mkfs.ext4", "mkfs.erofs", "sfdisk")]
    [InlineData("ext4", null, null, "root=ext4:=absent")]
    [InlineData("squashfs", null, null, "root=squashfs:=absent")]
    [InlineData("erofs", null, null, "root=erofs:=absent")]
    [InlineData("ext4", RawImages.RootX86_64, null, "root=read-only-off+growfs-off+ext4:=absent")]
    [InlineData("squashfs", RawImages.RootX86_64, null, "root=read-only-on+growfs-off+squashfs:=absent")]
    [InlineData("ext4", RawImages.RootX86_64, "60,59", "root=read-only-on+growfs-off+ext4:=absent")]
    [InlineData("ext4", RawImages.RootX86_64, "59", "root=read-only-off+growfs-on+ext4:=absent")]
    [InlineData("squashfs", RawImages.LinuxGeneric, null, "root=read-only-on+growfs-off+squashfs:=absent")]
    [InlineData("squashfs", RawImages.RootArm64, null, "root=read-only-on+growfs-off+squashfs:=absent")]
    public void Attach_Raw262_PinsRootImagePolicy(string fileSystem, string? partitionType, string? attributes, string expected)
    {
        using TestHost host = NewRawHost();
        string tree = RawImages.Tree(host, "app");
        BuildRaw(host, tree, "/tmp/img/app.raw", fileSystem, partitionType, attributes);

        host.Manager(UpstreamVersion.V262).Attach("/tmp/img/app.raw", [], ["app"], "default", "", 0);

        Assert.Contains($"\nRootImagePolicy={expected}\n", host.ReadFile($"{Attached}/app.service.d/20-portable.conf"), StringComparison.Ordinal);
    }

    [RequiresFact("mksquashfs", "sfdisk")]
    public void Attach_UsrOnlyGpt262_ReadsUsrAndPinsUsrPolicy()
    {
        using TestHost host = NewRawHost();
        string tree = RawImages.Tree(host, "minusr");
        BuildRaw(host, $"{tree}/usr", "/tmp/img/minusr.raw", "squashfs", RawImages.UsrX86_64, null);

        host.Manager(UpstreamVersion.V262).Attach("/tmp/img/minusr.raw", [], ["minusr"], "default", "", 0);

        Assert.Contains("\nRootImagePolicy=usr=read-only-on+growfs-off+squashfs:=absent\n", host.ReadFile($"{Attached}/minusr.service.d/20-portable.conf"), StringComparison.Ordinal);
    }

    [RequiresFact("mksquashfs", "sfdisk")]
    public void Attach_UsrOnlyGpt252_LacksOsRelease()
    {
        using TestHost host = NewRawHost();
        string tree = RawImages.Tree(host, "minusr");
        BuildRaw(host, $"{tree}/usr", "/tmp/img/minusr.raw", "squashfs", RawImages.UsrX86_64, null);

        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager(UpstreamVersion.V252).Attach("/tmp/img/minusr.raw", [], ["minusr"], "default", "", 0));

        Assert.Equal("Image '/tmp/img/minusr.raw' lacks os-release data, refusing.", e.Message);
    }

    /// <summary>A root without a /usr directory beside a usr partition: 262 cannot mount /usr and answers ENOENT (observed with the real 262).</summary>
    [RequiresFact("mksquashfs", "sfdisk")]
    public void GetMetadata_RootWithoutUsrMountPoint262_NoSuchFile()
    {
        using TestHost host = NewRawHost();
        string tree = RawImages.Tree(host, "splitusr");
        Directory.Move($"{tree}/usr", $"{tree}-usr");
        RawImages.SquashFs(host, tree, "/tmp/root.fs");
        RawImages.SquashFs(host, $"{tree}-usr", "/tmp/usr.fs");
        RawImages.Gpt(host, "/tmp/img/splitusr.raw", (host.Host("/tmp/root.fs"), RawImages.RootX86_64), (host.Host("/tmp/usr.fs"), RawImages.UsrX86_64));

        var e = Assert.Throws<ErrnoException>(() => host.Manager(UpstreamVersion.V262).GetMetadata("/tmp/img/splitusr.raw", [], ["splitusr"], 0));

        Assert.Equal((Errno.ENOENT, "No such file or directory"), (e.Errno, e.Message));
    }

    [RequiresFact("mksquashfs", "mkfs.ext4")]
    public void Attach_RawExtensions262_ShareTheUnionPolicyAndRelaxSuffix()
    {
        using TestHost host = NewRawHost();
        RawImages.SquashFs(host, RawImages.Tree(host, "minsq"), "/tmp/img/minsq.raw");
        const string Release = "ID=minimal\nVERSION_ID=1\nSYSEXT_IMAGE_ID=rawext\nSYSEXT_IMAGE_VERSION=0.1\n";
        RawImages.SquashFs(host, RawImages.Tree(host, "rawext", osRelease: null, extensionRelease: Release, releaseName: "other"), "/tmp/img/rawext.raw");
        RawImages.Ext4(host, RawImages.Tree(host, "rawext4", osRelease: null, extensionRelease: Release.Replace("rawext", "rawext4", StringComparison.Ordinal)), "/tmp/img/rawext4.raw");

        host.Manager(UpstreamVersion.V262).Attach("/tmp/img/minsq.raw", ["/tmp/img/rawext.raw", "/tmp/img/rawext4.raw"], ["minsq", "rawext", "rawext4"], "default", "", (ulong)PortableFlags.ForceExtension);

        Assert.Equal(
            "# Drop-in created for image '/tmp/img/minsq.raw:/tmp/img/rawext.raw:/tmp/img/rawext4.raw', do not edit.\n\n[Service]\n" +
            "RootImage=/tmp/img/minsq.raw\nEnvironment=PORTABLE=rawext.raw\nLogExtraFields=PORTABLE=rawext.raw\nRootImagePolicy=root=squashfs:=absent\n" +
            "Environment=PORTABLE_ROOT=minsq.raw\nLogExtraFields=PORTABLE_ROOT=minsq.raw\nLogExtraFields=PORTABLE_ROOT_NAME_AND_VERSION=minimal_1\n\n" +
            "ExtensionImages=/tmp/img/rawext.raw:x-systemd.relax-extension-release-check\nLogExtraFields=PORTABLE_EXTENSION=rawext.raw\n" +
            "ExtensionImagePolicy=root=ext4+squashfs:=absent\nLogExtraFields=PORTABLE_EXTENSION_NAME_AND_VERSION=rawext_0.1\n\n" +
            "ExtensionImages=/tmp/img/rawext4.raw:x-systemd.relax-extension-release-check\nLogExtraFields=PORTABLE_EXTENSION=rawext4.raw\n" +
            "ExtensionImagePolicy=root=ext4+squashfs:=absent\nLogExtraFields=PORTABLE_EXTENSION_NAME_AND_VERSION=rawext4_0.1\n",
            host.ReadFile($"{Attached}/rawext.service.d/20-portable.conf"));
    }

    [RequiresFact("mksquashfs")]
    public void Attach_RawExtensionWithoutItsRelease_FailsLikeEachVersion()
    {
        using TestHost host = NewRawHost();
        RawImages.SquashFs(host, RawImages.Tree(host, "minsq"), "/tmp/img/minsq.raw");
        RawImages.SquashFs(host, RawImages.Tree(host, "relaxext", osRelease: null, extensionRelease: "ID=minimal\n", releaseName: "other"), "/tmp/img/relaxext.raw");

        var e262 = Assert.Throws<ErrnoException>(() => host.Manager(UpstreamVersion.V262).Attach("/tmp/img/minsq.raw", ["/tmp/img/relaxext.raw"], [], "default", "", 0));
        var e252 = Assert.Throws<InvalidArgumentsException>(() => host.Manager(UpstreamVersion.V252).Attach("/tmp/img/minsq.raw", ["/tmp/img/relaxext.raw"], [], "default", "", 0));

        Assert.Equal(("System.Error.ENOMEDIUM", "No medium found"), (e262.ErrorName, e262.Message));
        Assert.Equal("Image '/tmp/img/relaxext.raw' lacks extension-release data, refusing.", e252.Message);
    }

    [RequiresFact("mksquashfs")]
    public void Attach_RawRootWithoutOsRelease_FailsLikeEachVersion()
    {
        using TestHost host = NewRawHost();
        RawImages.SquashFs(host, RawImages.Tree(host, "rawext", osRelease: null), "/tmp/img/rawext.raw");

        var e262 = Assert.Throws<ErrnoException>(() => host.Manager(UpstreamVersion.V262).Attach("/tmp/img/rawext.raw", [], [], "default", "", 0));
        var e252 = Assert.Throws<InvalidArgumentsException>(() => host.Manager(UpstreamVersion.V252).Attach("/tmp/img/rawext.raw", [], [], "default", "", 0));

        Assert.Equal(("System.Error.ENOMEDIUM", "No medium found"), (e262.ErrorName, e262.Message));
        Assert.Equal("Image '/tmp/img/rawext.raw' lacks os-release data, refusing.", e252.Message);
    }

    [RequiresFact("mkfs.ext4")]
    public void Attach_RawCopyModeSymlink_FallsBackToCopy()
    {
        using TestHost host = NewRawHost();
        RawImages.Ext4(host, RawImages.Tree(host, "minext4"), "/tmp/img/minext4.raw");

        var changes = host.Manager().Attach("/tmp/img/minext4.raw", [], [], "default", "symlink", (ulong)PortableFlags.Runtime);

        Assert.Contains(C(PortableChangeType.Copy, "/run/systemd/system.attached/minext4.service"), changes);
        Assert.Contains(C(PortableChangeType.Symlink, "/run/portables/minext4.raw", "/tmp/img/minext4.raw"), changes);
        Assert.Null(LinkTarget(host, "/run/systemd/system.attached/minext4.service"));
    }

    [RequiresFact("mksquashfs")]
    public void GetMetadata_RawExtension_KeyedByItsPath()
    {
        using TestHost host = NewRawHost();
        RawImages.SquashFs(host, RawImages.Tree(host, "minsq"), "/var/lib/portables/minsq.raw");
        RawImages.SquashFs(host, RawImages.Tree(host, "rawext", osRelease: null, extensionRelease: "ID=minimal\n"), "/tmp/img/rawext.raw");

        ImageMetadata metadata = host.Manager().GetMetadata("minsq", ["/tmp/img/rawext.raw"], [], 0);

        Assert.Equal("/var/lib/portables/minsq.raw", metadata.ImagePath);
        Assert.Equal("/tmp/img/rawext.raw", Assert.Single(metadata.Extensions).Key);
        Assert.Equal(["minsq.service", "rawext.service"], metadata.Units.Select(u => u.Name));
        Assert.Equal(TestHost.DefaultOsRelease, System.Text.Encoding.UTF8.GetString(metadata.OsRelease));
    }

    [Theory]
    [InlineData("garbage", "Couldn't identify a suitable partition table or file system in '/tmp/img/bad.raw'.")]
    [InlineData("empty", "Couldn't identify a suitable partition table or file system in '/tmp/img/bad.raw'.")]
    public void GetMetadata_UnrecognisedRaw_ThrowsUpstreamMessage(string kind, string message)
    {
        using TestHost host = NewRawHost();
        byte[] bytes = kind == "empty" ? [] : [.. Enumerable.Range(0, 1 << 20).Select(i => (byte)((i * 7919) >> 3))];
        Directory.CreateDirectory(host.Host("/tmp/img"));
        File.WriteAllBytes(host.Host("/tmp/img/bad.raw"), bytes);

        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager().GetMetadata("/tmp/img/bad.raw", [], [], 0));

        Assert.Equal(message, e.Message);
    }

    [RequiresFact("mksquashfs", "sfdisk")]
    public void GetMetadata_GptWithoutRoot_ThrowsNoSuitableRootPartition()
    {
        using TestHost host = NewRawHost();
        BuildRaw(host, RawImages.Tree(host, "minhome"), "/tmp/img/minhome.raw", "squashfs", RawImages.Home, null);

        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager().GetMetadata("/tmp/img/minhome.raw", [], [], 0));

        Assert.Equal("No suitable root partition found in image '/tmp/img/minhome.raw'.", e.Message);
    }

    [RequiresFact("mksquashfs")]
    public void GetOSRelease_RawImage_ReturnsPairs()
    {
        using TestHost host = NewRawHost();
        RawImages.SquashFs(host, RawImages.Tree(host, "minsq"), "/var/lib/portables/minsq.raw");

        var pairs = host.Manager().GetOSRelease("minsq");

        Assert.Equal(["NAME", "ID", "VERSION_ID", "PRETTY_NAME"], pairs.Select(p => p.Key));
    }

    // Observed with the real 252: its extraction child stops at a unit that links to a directory, so the
    // units after it in directory order (squashfs sorts by name) are lost; 262 skips just that unit.
    [RequiresTheory("mksquashfs")]
    [InlineData(UpstreamVersion.V252, "app-a.service,app-e.service")]
    [InlineData(UpstreamVersion.V262, "app-a.service,app-e.service,app-z.service,app.service")]
    public void GetMetadata_RawUnitLinkToDirectory_EndsExtractionIn252(UpstreamVersion version, string expected)
    {
        using TestHost host = NewRawHost();
        string tree = RawImages.Tree(host, "app");
        foreach (string unit in (string[])["usr/lib/systemd/system/app-a.service", "usr/lib/systemd/system/app-z.service", "etc/systemd/system/app-e.service"])
        {
            Directory.CreateDirectory(Path.GetDirectoryName($"{tree}/{unit}")!);
            File.WriteAllText($"{tree}/{unit}", "[Service]\nExecStart=/bin/true\n");
        }

        Directory.CreateDirectory($"{tree}/usr/lib/systemd/system/app-dir.service");
        File.CreateSymbolicLink($"{tree}/usr/lib/systemd/system/app-dirlink.service", "app-dir.service");
        File.CreateSymbolicLink($"{tree}/usr/lib/systemd/system/app-self.service", "app-self.service");
        RawImages.SquashFs(host, tree, "/tmp/img/app.raw");

        ImageMetadata metadata = host.Manager(version).GetMetadata("/tmp/img/app.raw", [], [], 0);

        Assert.Equal(expected, string.Join(',', metadata.Units.Select(u => u.Name)));
    }

    private static TestHost NewRawHost()
    {
        var host = new TestHost();
        host.CreateDefaultProfiles();
        return host;
    }

    private static void BuildRaw(TestHost host, string tree, string logical, string fileSystem, string? partitionType, string? attributes)
    {
        if (partitionType is null)
        {
            _ = fileSystem switch
            {
                "ext4" => RawImages.Ext4(host, tree, logical),
                "squashfs" => RawImages.SquashFs(host, tree, logical),
                _ => RawImages.Erofs(host, tree, logical),
            };
            return;
        }

        string fs = logical + ".fs";
        BuildRaw(host, tree, fs, fileSystem, null, null);
        RawImages.Gpt(host, host.Host(fs), logical, partitionType, attributes);
        File.Delete(host.Host(fs));
    }
}
