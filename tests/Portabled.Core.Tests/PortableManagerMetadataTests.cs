// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Core.Errors;
using Portabled.Core.Metadata;
using Portabled.Core.Versions;

namespace Portabled.Core.Tests;

public class PortableManagerMetadataTests
{
    [Fact]
    public void GetMetadata_DirectoryImage_ReturnsRawOsReleaseAndSortedUnits()
    {
        using var host = new TestHost();
        host.CreateImage("/var/lib/portables/app");
        host.WriteUnit("/var/lib/portables/app", "/etc/systemd/system", "app-b.socket");
        host.WriteUnit("/var/lib/portables/app", "/usr/lib/systemd/system", "app@.service");
        host.WriteUnit("/var/lib/portables/app", "/usr/lib/systemd/system", "app.mount");
        host.WriteUnit("/var/lib/portables/app", "/usr/lib/systemd/system", "other.service");

        ImageMetadata metadata = host.Manager().GetMetadata("app", [], ["app"], 0);

        Assert.Equal("/var/lib/portables/app", metadata.ImagePath);
        Assert.Equal(TestHost.DefaultOsRelease, Encoding.UTF8.GetString(metadata.OsRelease));
        Assert.Equal(["app-b.socket", "app.service", "app@.service"], metadata.Units.Select(u => u.Name));
        Assert.Empty(metadata.Extensions);
    }

    [Fact]
    public void GetMetadata_SameUnitInTwoDirectories_EarlierDirectoryWins()
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app");
        host.WriteUnit("/srv/app", "/etc/systemd/system", "app.service", "from etc\n");

        ImageMetadata metadata = host.Manager().GetMetadata("/srv/app", [], [], 0);

        Assert.Equal("from etc\n", Encoding.UTF8.GetString(Assert.Single(metadata.Units).Contents));
    }

    [Fact]
    public void GetMetadata_EmptyUnitFile_IsSkippedAndLaterOneUsed()
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app");
        host.WriteUnit("/srv/app", "/etc/systemd/system", "app.service", string.Empty);
        host.WriteUnit("/srv/app", "/etc/systemd/system", "app-empty.service", string.Empty);

        ImageMetadata metadata = host.Manager().GetMetadata("/srv/app", [], [], 0);

        Assert.Equal("app.service", Assert.Single(metadata.Units).Name);
        Assert.Contains("ExecStart", Encoding.UTF8.GetString(metadata.Units[0].Contents), StringComparison.Ordinal);
    }

    [Fact]
    public void GetMetadata_InvalidUnitNames_AreSkipped()
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app");
        host.WriteUnit("/srv/app", "/usr/lib/systemd/system", "@app.service");
        host.WriteUnit("/srv/app", "/usr/lib/systemd/system", "app bad.service");

        Assert.Equal(["app.service"], host.Manager().GetMetadata("/srv/app", [], [], 0).Units.Select(u => u.Name));
    }

    [Fact]
    public void GetMetadata_LibSymlinkToUsrLib_DoesNotDuplicate()
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app");
        host.Symlink("/srv/app/lib", "usr/lib");

        Assert.Single(host.Manager().GetMetadata("/srv/app", [], [], 0).Units);
    }

    [Fact]
    public void GetMetadata_OsReleaseOnlyInUsrLib_IsFound()
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app", osRelease: null);
        host.WriteFile("/srv/app/usr/lib/os-release", "ID=usr\n");

        Assert.Equal("ID=usr\n", Encoding.UTF8.GetString(host.Manager().GetMetadata("/srv/app", [], [], 0).OsRelease));
    }

    [Fact]
    public void GetMetadata_EtcOsReleasePreferred()
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app", osRelease: null);
        host.WriteFile("/srv/app/usr/lib/os-release", "ID=usr\n");
        host.WriteFile("/srv/app/etc/os-release", "ID=etc\n");

        Assert.Equal("ID=etc\n", Encoding.UTF8.GetString(host.Manager().GetMetadata("/srv/app", [], [], 0).OsRelease));
    }

    [Fact]
    public void GetMetadata_NoOsRelease_ThrowsLacksOsRelease()
    {
        using var host = new TestHost();
        host.CreateImage("/var/lib/portables/broken", osRelease: null);

        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager().GetMetadata("broken", [], [], 0));

        Assert.Equal("Image '/var/lib/portables/broken' lacks os-release data, refusing.", e.Message);
    }

    [Fact]
    public void GetMetadata_AbsoluteSymlinkToHostFile_StaysInsideImage()
    {
        using var host = new TestHost();
        host.WriteFile("/etc/shadow-like", "SECRET=host\n");
        host.CreateImage("/srv/app", osRelease: null);
        host.Symlink("/srv/app/etc/os-release", "/etc/shadow-like");

        // The target is image-relative: /srv/app/etc/shadow-like does not exist, so there is no os-release.
        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager().GetMetadata("/srv/app", [], [], 0));
        Assert.Contains("lacks os-release data", e.Message, StringComparison.Ordinal);

        host.WriteFile("/srv/app/etc/shadow-like", "ID=inside\n");
        Assert.Equal("ID=inside\n", Encoding.UTF8.GetString(host.Manager().GetMetadata("/srv/app", [], [], 0).OsRelease));
    }

    [Fact]
    public void GetMetadata_DotDotSymlink_IsClampedAtImageRoot()
    {
        using var host = new TestHost();
        host.WriteFile("/srv/os-release", "ID=host\n");
        host.CreateImage("/srv/app", osRelease: null);
        host.WriteFile("/srv/app/os-release", "ID=image-root\n");
        host.Symlink("/srv/app/etc/os-release", "../../../../os-release");

        Assert.Equal("ID=image-root\n", Encoding.UTF8.GetString(host.Manager().GetMetadata("/srv/app", [], [], 0).OsRelease));
    }

    // Observed with the real 252 and 262: a loop ends the os-release lookup (no fallback to /usr/lib).
    [Theory]
    [InlineData(UpstreamVersion.V252)]
    [InlineData(UpstreamVersion.V262)]
    public void GetMetadata_OsReleaseLoop_ThrowsLacksOsRelease(UpstreamVersion version)
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app", osRelease: null);
        host.WriteFile("/srv/app/usr/lib/os-release", TestHost.DefaultOsRelease);
        host.Symlink("/srv/app/etc/os-release", "/etc/loop-a");
        host.Symlink("/srv/app/etc/loop-a", "/etc/loop-b");
        host.Symlink("/srv/app/etc/loop-b", "/etc/loop-a");

        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager(version).GetMetadata("/srv/app", [], [], 0));

        Assert.Equal("Image '/srv/app' lacks os-release data, refusing.", e.Message);
    }

    // Observed: 252 and 262 skip the unit that cannot be opened and list the rest.
    [Theory]
    [InlineData(UpstreamVersion.V252)]
    [InlineData(UpstreamVersion.V262)]
    public void GetMetadata_UnitsThatCannotBeOpened_AreSkipped(UpstreamVersion version)
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app");
        const string Units = "/srv/app/usr/lib/systemd/system";
        host.Symlink($"{Units}/app-self.service", "app-self.service");
        host.Symlink($"{Units}/app-ping.service", "app-pong.service");
        host.Symlink($"{Units}/app-pong.service", "app-ping.service");
        host.Symlink($"{Units}/app-dangling.service", "nowhere.service");
        host.Symlink($"{Units}/app-abs.service", "/usr/lib/systemd/system/app-abs.service");
        Directory.CreateDirectory(host.Host($"{Units}/app-dir.service"));
        host.Symlink("/srv/app/etc/systemd/system", "system");

        ImageMetadata metadata = host.Manager(version).GetMetadata("/srv/app", [], [], 0);

        Assert.Equal(["app.service"], metadata.Units.Select(u => u.Name));
    }

    // The kernel's 40 links for 252 (openat()), 128 for 262 (observed); a symlinked unit directory costs nothing.
    [Theory]
    [InlineData(UpstreamVersion.V252, 40, true)]
    [InlineData(UpstreamVersion.V252, 41, false)]
    [InlineData(UpstreamVersion.V262, 128, true)]
    [InlineData(UpstreamVersion.V262, 129, false)]
    public void GetMetadata_LinkChain_UpToTheVersionsLimit(UpstreamVersion version, int links, bool listed)
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app");
        host.Symlink("/srv/app/etc/systemd/system", "../../srv/units");
        const string Units = "/srv/app/srv/units";
        string previous = "/usr/lib/systemd/system/app.service";
        for (int i = 1; i < links; i++)
        {
            host.Symlink($"{Units}/hop{i}", previous);
            previous = $"hop{i}";
        }

        host.Symlink($"{Units}/app-chain.service", previous);

        ImageMetadata metadata = host.Manager(version).GetMetadata("/srv/app", [], [], 0);

        Assert.Equal(listed, metadata.Units.Any(u => u.Name == "app-chain.service"));
    }

    // Observed: 252 fails reading a unit that links to a directory; 262 skips it.
    [Fact]
    public void GetMetadata_UnitLinkToDirectory_252ThrowsEISDIR262Skips()
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app");
        Directory.CreateDirectory(host.Host("/srv/app/usr/lib/systemd/system/app-dir.service"));
        host.Symlink("/srv/app/usr/lib/systemd/system/app-dirlink.service", "app-dir.service");

        var e = Assert.Throws<ErrnoException>(() => host.Manager(UpstreamVersion.V252).GetMetadata("/srv/app", [], [], 0));

        Assert.Equal(Errno.EISDIR, e.Errno);
        Assert.Equal(["app.service"], host.Manager(UpstreamVersion.V262).GetMetadata("/srv/app", [], [], 0).Units.Select(u => u.Name));
    }

    // Observed: 262 fails with ELOOP, 252 says the release is missing.
    [Theory]
    [InlineData(UpstreamVersion.V252, "org.freedesktop.DBus.Error.InvalidArgs")]
    [InlineData(UpstreamVersion.V262, "System.Error.ELOOP")]
    public void GetMetadata_ExtensionReleaseLoop_DependsOnVersion(UpstreamVersion version, string errorName)
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app");
        host.WriteUnit("/srv/ext", "/usr/lib/systemd/system", "app-ext.service");
        host.Symlink("/srv/ext/usr/lib/extension-release.d/extension-release.ext", "extension-release.ext");

        var e = Assert.ThrowsAny<PortableException>(() => host.Manager(version).GetMetadata("/srv/app", ["/srv/ext"], [], 0));

        Assert.Equal(errorName, e.ErrorName);
    }

    [Fact]
    public void GetMetadata_HugeOsRelease_IsRefused()
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app", osRelease: null);
        host.WriteFile("/srv/app/etc/os-release", "ID=x\n" + new string('#', 70 * 1024));

        var e = Assert.Throws<ErrnoException>(() => host.Manager().GetMetadata("/srv/app", [], [], 0));

        Assert.Equal("System.Error.EFBIG", e.ErrorName);
    }

    [Theory]
    [InlineData(UpstreamVersion.V262, "org.freedesktop.portable1.NoMatchingUnitFiles")]
    [InlineData(UpstreamVersion.V252, "org.freedesktop.DBus.Error.InvalidArgs")]
    public void GetMetadata_NoMatchingUnits_ThrowsVersionSpecificError(UpstreamVersion version, string errorName)
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app");

        var e = Assert.Throws<NoMatchingUnitFilesException>(() => host.Manager(version).GetMetadata("/srv/app", [], ["nope"], 0));

        Assert.Equal(errorName, e.ErrorName);
        Assert.Equal("Couldn't find any matching unit files in image '/srv/app', refusing.", e.Message);
    }

    [Fact]
    public void GetMetadata_BadFlags_ThrowsInvalidArgs()
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app");

        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager().GetMetadata("/srv/app", [], [], 8));

        Assert.Equal("Invalid 'flags' parameter '8'", e.Message);
    }

    [Fact]
    public void GetMetadata_DirectoryExtension_KeyIsEmptyAndUnitsMerged()
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app");
        host.CreateExtension("/srv/app0", "ID=minimal\nVERSION_ID=1\n");
        host.WriteUnit("/srv/app0", "/usr/lib/systemd/system", "app0.service");
        host.WriteUnit("/srv/app0", "/usr/lib/systemd/system", "app.service", "from extension\n");

        ImageMetadata metadata = host.Manager().GetMetadata("/srv/app", ["/srv/app0"], [], 0);

        ExtensionMetadata extension = Assert.Single(metadata.Extensions);
        Assert.Equal(string.Empty, extension.Key);
        Assert.Equal("ID=minimal\nVERSION_ID=1\n", Encoding.UTF8.GetString(extension.ExtensionRelease));
        Assert.Equal(["app.service", "app0.service"], metadata.Units.Select(u => u.Name));
        Assert.DoesNotContain("from extension", Encoding.UTF8.GetString(metadata.Units[0].Contents), StringComparison.Ordinal);
    }

    // A directory extension without its extension-release file: 252 "lacks extension-release data",
    // 262 opens the file by its exact name and fails with ENOENT (both observed).
    [Theory]
    [InlineData(UpstreamVersion.V252, "org.freedesktop.DBus.Error.InvalidArgs", "Image '/srv/app0' lacks extension-release data, refusing.")]
    [InlineData(UpstreamVersion.V262, "org.freedesktop.DBus.Error.FileNotFound", "No such file or directory")]
    public void GetMetadata_ExtensionWithoutRelease_IsVersionsError(UpstreamVersion version, string errorName, string message)
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app");
        host.CreateExtension("/srv/app0", "ID=minimal\n", releaseName: "other");

        PortableException e = Assert.ThrowsAny<PortableException>(() => host.Manager(version).GetMetadata("/srv/app", ["/srv/app0"], [], 0));

        Assert.Equal((errorName, message), (e.ErrorName, e.Message));
    }

    [Fact]
    public void GetMetadata_NoMatchWithExtension_NamesExtensionsInMessage()
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app");
        host.CreateExtension("/srv/app0", "ID=minimal\n");

        var e = Assert.Throws<NoMatchingUnitFilesException>(() => host.Manager().GetMetadata("/srv/app", ["/srv/app0"], ["nope"], 0));

        Assert.Equal("Couldn't find any matching unit files in image '/srv/app' or any of its extensions '/srv/app0', refusing.", e.Message);
    }

    [Fact]
    public void GetMetadata_RawImageWithoutFileSystem_ThrowsUpstreamMessage()
    {
        using var host = new TestHost();
        host.WriteFile("/srv/app.raw", "x");

        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager().GetMetadata("/srv/app.raw", [], [], 0));

        Assert.Equal("org.freedesktop.DBus.Error.InvalidArgs", e.ErrorName);
        Assert.Equal("Couldn't identify a suitable partition table or file system in '/srv/app.raw'.", e.Message);
    }

    [Fact]
    public void GetOSRelease_Image_ReturnsPairsInFileOrder()
    {
        using var host = new TestHost();
        host.CreateImage("/var/lib/portables/app");

        var pairs = host.Manager().GetOSRelease("app");

        Assert.Equal(["NAME", "ID", "VERSION_ID", "PRETTY_NAME"], pairs.Select(p => p.Key));
        Assert.Equal("Minimal Portable", pairs[0].Value);
    }

    /// <summary>Upstream logs a release file it cannot parse and answers GetImageOSRelease with no pairs (252 and 262, observed).</summary>
    [Theory]
    [InlineData("ID=x\nA=\xff\n", UpstreamVersion.V252)]
    [InlineData("ID=x\nA=\xff\n", UpstreamVersion.V262)]
    [InlineData("ID=x\nA=b\0c\n", UpstreamVersion.V262)]
    public void GetOSRelease_UnparsableOsRelease_Empty(string latin1, UpstreamVersion version)
    {
        using var host = new TestHost();
        host.CreateImage("/var/lib/portables/app");
        File.WriteAllBytes(host.Host("/var/lib/portables/app/usr/lib/os-release"), Encoding.Latin1.GetBytes(latin1));

        Assert.Empty(host.Manager(version).GetOSRelease("app"));
    }

    /// <summary>Attach refuses such a file with the bare errno: EINVAL for invalid UTF-8, EBADMSG for a NUL byte (observed).</summary>
    [Theory]
    [InlineData("ID=x\nA=\xff\n", Errno.EINVAL, "Invalid argument")]
    [InlineData("ID=x\nA=b\0c\n", Errno.EBADMSG, "Bad message")]
    public void Attach_UnparsableOsRelease_BareErrno(string latin1, int errno, string message)
    {
        using var host = new TestHost();
        host.CreateDefaultProfiles();
        host.CreateImage("/var/lib/portables/app");
        File.WriteAllBytes(host.Host("/var/lib/portables/app/usr/lib/os-release"), Encoding.Latin1.GetBytes(latin1));

        var e = Assert.Throws<ErrnoException>(() => host.Manager().Attach("app", [], [], "default", "", 0));

        Assert.Equal((errno, message), (e.Errno, e.Message));
    }

    /// <summary>A comment ending in a backslash swallowed the next line before systemd 254 (252), not since (262).</summary>
    [Theory]
    [InlineData(UpstreamVersion.V252, new string[0])]
    [InlineData(UpstreamVersion.V262, new[] { "ID" })]
    public void GetOSRelease_CommentEndingInBackslash_ParsedByTheVersionsRules(UpstreamVersion version, string[] keys)
    {
        using var host = new TestHost();
        host.CreateImage("/var/lib/portables/app", osRelease: "# comment \\\nID=x\n");

        Assert.Equal(keys, host.Manager(version).GetOSRelease("app").Select(p => p.Key));
    }
}
