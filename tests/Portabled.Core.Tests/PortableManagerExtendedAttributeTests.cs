// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Errors;
using Portabled.Core.Versions;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Testing;

namespace Portabled.Core.Tests;

/// <summary>
/// Where upstream reads extended attributes, for every image type through the same readers:
/// <c>user.extension-release.strict</c> on an extension's release file, the <c>security.selinux</c>
/// label each copied unit file gets when SELinux is in use (a seam, <c>HostLayout.UsesSelinux</c>,
/// stands in for the host's state; the label really lands on the copy), and the <c>user.*</c>
/// attributes the <c>mixed</c> image copy keeps. Attributes are set with setfattr on the trees the
/// images are built from.
/// </summary>
public sealed class PortableManagerExtendedAttributeTests
{
    private const string Attached = "/etc/systemd/system.attached";
    private const string Label = "system_u:object_r:portabled_test_unit_t:s0";
    private const string ExtensionRelease = "ID=minimal\nVERSION_ID=1\n";

    public static TheoryData<string, UpstreamVersion> ExtensionKinds => new()
    {
        { "squashfs", UpstreamVersion.V252 },
        { "squashfs", UpstreamVersion.V262 },
        { "ext4", UpstreamVersion.V252 },
        { "ext4", UpstreamVersion.V262 },
        { "erofs", UpstreamVersion.V262 },
        { "gpt-squashfs", UpstreamVersion.V262 },
        { "directory", UpstreamVersion.V252 },
        { "directory", UpstreamVersion.V262 },
    };

    [RequiresTheory("setfattr", "mksquashfs", "mkfs.ext4", "mkfs.erofs", "sfdisk")]
    [MemberData(nameof(ExtensionKinds))]
    public void Attach_ExtensionReleaseOfAnotherNameMarkedNotStrict_Attaches(string kind, UpstreamVersion version)
    {
        using TestHost host = NewHost();
        string extension = Extension(host, kind, "xattrext", "false");

        host.Manager(version).Attach("/tmp/img/minsq.raw", [extension], [], "default", "", 0);

        string dropIn = host.ReadFile($"{Attached}/xattrext.service.d/20-portable.conf");
        string setting = kind == "directory" ? "ExtensionDirectories" : "ExtensionImages";
        Assert.Contains($"\n{setting}={extension}\n", dropIn, StringComparison.Ordinal);
        Assert.True(host.Exists($"{Attached}/xattrext.service"));
    }

    [RequiresTheory("setfattr", "mksquashfs", "mkfs.ext4", "mkfs.erofs", "sfdisk")]
    [MemberData(nameof(ExtensionKinds))]
    public void Attach_ExtensionReleaseOfAnotherNameMarkedStrict_IsRefusedLikeEachVersion(string kind, UpstreamVersion version)
    {
        using TestHost host = NewHost();
        string extension = Extension(host, kind, "strictext", "true");

        var e = Assert.ThrowsAny<PortableException>(() => host.Manager(version).Attach("/tmp/img/minsq.raw", [extension], [], "default", "", 0));

        // Observed: 262 fails a raw extension in its extraction child (ENOMEDIUM) and returns a
        // directory's ENOENT; 252 goes on without a release file and then refuses.
        string expected = version == UpstreamVersion.V252 ? $"Image '{extension}' lacks extension-release data, refusing."
            : kind == "directory" ? "No such file or directory"
            : "No medium found";
        Assert.Equal(expected, e.Message);
    }

    [RequiresTheory("setfattr", "mksquashfs")]
    [InlineData("squashfs", UpstreamVersion.V252)]
    [InlineData("squashfs", UpstreamVersion.V262)]
    [InlineData("directory", UpstreamVersion.V252)]
    [InlineData("directory", UpstreamVersion.V262)]
    public void Attach_TwoReleasesMarkedNotStrict_AreAmbiguousLikeEachVersion(string kind, UpstreamVersion version)
    {
        using TestHost host = NewHost();
        string tree = RawImages.Tree(host, "ambext", osRelease: null, extensionRelease: ExtensionRelease, releaseName: "one");
        File.WriteAllText($"{tree}/usr/lib/extension-release.d/extension-release.two", ExtensionRelease);
        foreach (string release in new[] { "one", "two" })
        {
            ProcessRunner.RunChecked("setfattr", "-n", "user.extension-release.strict", "-v", "false", $"{tree}/usr/lib/extension-release.d/extension-release.{release}");
        }

        string extension = Build(host, kind, tree, "ambext");

        var e = Assert.ThrowsAny<PortableException>(() => host.Manager(version).Attach("/tmp/img/minsq.raw", [extension], [], "default", "", 0));

        // Observed: 262 reports the ambiguity (ENOTUNIQ), 252 logs it and then finds no release file.
        Assert.Equal(version == UpstreamVersion.V262 ? "Name not unique on network" : $"Image '{extension}' lacks extension-release data, refusing.", e.Message);
    }

    public static TheoryData<string, string, UpstreamVersion> LabelledCopies => new()
    {
        { "directory", "", UpstreamVersion.V252 },
        { "directory", "copy", UpstreamVersion.V262 },
        { "directory", "mixed", UpstreamVersion.V262 },
        { "squashfs", "", UpstreamVersion.V262 },
        { "squashfs", "symlink", UpstreamVersion.V252 },
        { "ext4", "copy", UpstreamVersion.V262 },
        { "erofs", "", UpstreamVersion.V262 },
    };

    [RequiresTheory("root", "setfattr", "mksquashfs", "mkfs.ext4", "mkfs.erofs")]
    [MemberData(nameof(LabelledCopies))]
    public void Attach_SelinuxInUse_CopiedUnitGetsTheImageFilesLabel(string kind, string copyMode, UpstreamVersion version)
    {
        using var host = new TestHost(usesSelinux: true);
        host.CreateDefaultProfiles();
        string image = LabelledImage(host, kind);

        host.Manager(version).Attach(image, [], [], "default", copyMode, 0);

        Assert.Null(PortableManagerAttachTests.LinkTarget(host, $"{Attached}/labelled.service"));
        Assert.True(HostExtendedAttributes.TryGet(host.Host($"{Attached}/labelled.service"), "security.selinux", out byte[]? label));
        Assert.Equal(Label + "\0", System.Text.Encoding.UTF8.GetString(label));
        // Only the unit file takes the label: drop-ins are portabled's own files.
        Assert.False(HasOurLabel(host.Host($"{Attached}/labelled.service.d/20-portable.conf")));
    }

    [RequiresTheory("root", "setfattr", "mksquashfs")]
    [InlineData("directory")]
    [InlineData("squashfs")]
    public void Attach_SelinuxNotInUse_CopiedUnitKeepsTheHostsDefault(string kind)
    {
        using TestHost host = NewHost();
        string image = LabelledImage(host, kind);

        host.Manager(UpstreamVersion.V262).Attach(image, [], [], "default", "", 0);

        Assert.False(HasOurLabel(host.Host($"{Attached}/labelled.service")));
    }

    [RequiresFact("root", "setfattr")]
    public void Attach_SelinuxInUse_SymlinkedUnitOfADirectoryImageIsLeftAlone()
    {
        using var host = new TestHost(usesSelinux: true);
        host.CreateDefaultProfiles();
        string image = LabelledImage(host, "directory");

        host.Manager(UpstreamVersion.V262).Attach(image, [], [], "default", "symlink", 0);

        // The link points at the image's file, whose label stays where it is; the link itself gets none.
        Assert.Equal($"{image}/usr/lib/systemd/system/labelled.service", PortableManagerAttachTests.LinkTarget(host, $"{Attached}/labelled.service"));
        Assert.False(HasOurLabel(host.Host($"{Attached}/labelled.service")));
    }

    [RequiresFact("root", "setfattr", "mksquashfs")]
    public void Attach_MixedCopy_KeepsUserAttributesOnly()
    {
        using TestHost host = NewHost();
        host.CreateImage("/tmp/img/mixeddir", "mixeddir");
        string release = host.Host("/tmp/img/mixeddir/usr/lib/os-release");
        ProcessRunner.Shell($"setfattr -n user.portabled-test -v kept '{release}'; setfattr -n trusted.portabled-test -v dropped '{release}'");
        RawImages.SquashFs(host, RawImages.Tree(host, "mixedraw"), "/tmp/img/mixedraw.raw");
        ProcessRunner.Shell($"setfattr -n user.portabled-test -v raw '{host.Host("/tmp/img/mixedraw.raw")}'");

        host.Manager(UpstreamVersion.V262).Attach("/tmp/img/mixeddir", [], [], "default", "mixed", 0);
        host.Manager(UpstreamVersion.V262).Attach("/tmp/img/mixedraw.raw", [], [], "default", "mixed", 0);

        string copied = host.Host("/etc/portables/mixeddir/usr/lib/os-release");
        Assert.True(HostExtendedAttributes.TryGet(copied, "user.portabled-test", out byte[]? kept));
        Assert.Equal("kept"u8.ToArray(), kept);
        Assert.False(HostExtendedAttributes.TryGet(copied, "trusted.portabled-test", out _));
        Assert.True(HostExtendedAttributes.TryGet(host.Host("/etc/portables/mixedraw.raw"), "user.portabled-test", out byte[]? raw));
        Assert.Equal("raw"u8.ToArray(), raw);
    }

    private static TestHost NewHost()
    {
        var host = new TestHost();
        host.CreateDefaultProfiles();
        RawImages.SquashFs(host, RawImages.Tree(host, "minsq"), "/tmp/img/minsq.raw");
        return host;
    }

    /// <summary>An extension whose only release file is extension-release.other, its strict attribute set to <paramref name="strict"/>.</summary>
    private static string Extension(TestHost host, string kind, string name, string strict)
    {
        string tree = RawImages.Tree(host, name, osRelease: null, extensionRelease: ExtensionRelease, releaseName: "other");
        ProcessRunner.RunChecked("setfattr", "-n", "user.extension-release.strict", "-v", strict, $"{tree}/usr/lib/extension-release.d/extension-release.other");
        return Build(host, kind, tree, name);
    }

    /// <summary>A root image "labelled" whose unit file carries <see cref="Label"/>.</summary>
    private static string LabelledImage(TestHost host, string kind)
    {
        string tree = RawImages.Tree(host, "labelled");
        ProcessRunner.RunChecked("setfattr", "-n", "security.selinux", "-v", Label, $"{tree}/usr/lib/systemd/system/labelled.service");
        return Build(host, kind, tree, "labelled");
    }

    private static string Build(TestHost host, string kind, string tree, string name)
    {
        switch (kind)
        {
            case "directory":
                Directory.CreateDirectory(host.Host("/tmp/img"));
                ProcessRunner.RunChecked("cp", "-a", tree, host.Host($"/tmp/img/{name}"));
                return $"/tmp/img/{name}";
            case "squashfs":
                return RawImages.SquashFs(host, tree, $"/tmp/img/{name}.raw");
            case "ext4":
                return RawImages.Ext4(host, tree, $"/tmp/img/{name}.raw");
            case "erofs":
                return RawImages.Erofs(host, tree, $"/tmp/img/{name}.raw");
            default:
                string fs = RawImages.SquashFs(host, tree, $"/tmp/img/{name}.fs");
                return RawImages.Gpt(host, host.Host(fs), $"/tmp/img/{name}.raw", RawImages.LinuxGeneric);
        }
    }

    private static bool HasOurLabel(string path) =>
        HostExtendedAttributes.TryGet(path, "security.selinux", out byte[]? value) && System.Text.Encoding.UTF8.GetString(value).StartsWith(Label, StringComparison.Ordinal);
}
