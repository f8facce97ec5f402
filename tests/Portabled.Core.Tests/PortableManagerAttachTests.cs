// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Errors;
using Portabled.Core.State;
using Portabled.Core.Versions;
using Portabled.Core;

namespace Portabled.Core.Tests;

public class PortableManagerAttachTests
{
    private const string Attached = "/etc/systemd/system.attached";

    [Fact]
    public void Attach_DirectoryImage262_MatchesRealPeerByteForByte()
    {
        using var host = NewHost();

        var changes = host.Manager(UpstreamVersion.V262).Attach("minimal-app", [], ["minimal-app"], "default", "", 0);

        Assert.Equal(
            [
                C(PortableChangeType.Mkdir, Attached),
                C(PortableChangeType.Mkdir, $"{Attached}/minimal-app.service.d"),
                C(PortableChangeType.Write, $"{Attached}/minimal-app.service.d/20-portable.conf"),
                C(PortableChangeType.Symlink, $"{Attached}/minimal-app.service.d/10-profile.conf", "/usr/lib/systemd/portable/profile/default/service.conf"),
                C(PortableChangeType.Copy, $"{Attached}/minimal-app.service", "/var/lib/portables/minimal-app/usr/lib/systemd/system/minimal-app.service"),
                C(PortableChangeType.Symlink, "/etc/portables/minimal-app", "/var/lib/portables/minimal-app"),
            ],
            changes);
        Assert.Equal(
            "# Drop-in created for image '/var/lib/portables/minimal-app', do not edit.\n\n[Service]\nRootDirectory=/var/lib/portables/minimal-app\n" +
            "Environment=PORTABLE=minimal-app\nLogExtraFields=PORTABLE=minimal-app\nLogExtraFields=PORTABLE_NAME_AND_VERSION=minimal_1\n",
            host.ReadFile($"{Attached}/minimal-app.service.d/20-portable.conf"));
        Assert.Equal(host.ReadFile("/var/lib/portables/minimal-app/usr/lib/systemd/system/minimal-app.service"), host.ReadFile($"{Attached}/minimal-app.service"));
        Assert.Equal("/usr/lib/systemd/portable/profile/default/service.conf", LinkTarget(host, $"{Attached}/minimal-app.service.d/10-profile.conf"));
        Assert.Equal("/var/lib/portables/minimal-app", LinkTarget(host, "/etc/portables/minimal-app"));
        Assert.True(Portabled.Dissect.FileSystems.HostDirectory.HostFileStatus.TryGet(host.Host($"{Attached}/minimal-app.service"), out var status, out _));
        Assert.Equal(0x1a4u, status.Permissions);
        Assert.Equal(PortableState.Attached, host.Manager().GetState("minimal-app", [], 0));
    }

    [Fact]
    public void Attach_DirectoryImage252_WritesBindReadOnlyPathsFormat()
    {
        using var host = NewHost();
        host.WriteFile("/etc/os-release", "ID=debian\n");

        host.Manager(UpstreamVersion.V252).Attach("minimal-app", [], ["minimal-app"], "default", "", 0);

        Assert.Equal(
            "# Drop-in created for image '/var/lib/portables/minimal-app', do not edit.\n\n[Service]\nRootDirectory=/var/lib/portables/minimal-app\n" +
            "Environment=PORTABLE=minimal-app\nBindReadOnlyPaths=/etc/os-release:/run/host/os-release\nLogExtraFields=PORTABLE=minimal-app\n",
            host.ReadFile($"{Attached}/minimal-app.service.d/20-portable.conf"));
    }

    [Fact]
    public void Attach_252WithoutHostEtcOsRelease_BindsUsrLibOsRelease()
    {
        using var host = NewHost();

        host.Manager(UpstreamVersion.V252).Attach("minimal-app", [], [], "default", "", 0);

        Assert.Contains("BindReadOnlyPaths=/usr/lib/os-release:/run/host/os-release\n", host.ReadFile($"{Attached}/minimal-app.service.d/20-portable.conf"), StringComparison.Ordinal);
    }

    [Fact]
    public void Attach_NonServiceUnit_GetsMarkerOnlyAndNoProfile()
    {
        using var host = NewHost();
        host.WriteUnit("/var/lib/portables/minimal-app", "/usr/lib/systemd/system", "minimal-app.socket", "[Socket]\nListenStream=/run/x\n");

        var changes = host.Manager().Attach("minimal-app", [], [], "default", "", 0);

        Assert.Equal("# Drop-in created for image '/var/lib/portables/minimal-app', do not edit.\n", host.ReadFile($"{Attached}/minimal-app.socket.d/20-portable.conf"));
        Assert.False(host.Exists($"{Attached}/minimal-app.socket.d/10-profile.conf"));
        Assert.Equal(9, changes.Count);
        Assert.Equal($"{Attached}/minimal-app.service.d", changes[1].Path);
        Assert.Equal($"{Attached}/minimal-app.socket.d", changes[5].Path);
    }

    [Fact]
    public void Attach_CopyModeCopy_CopiesProfile()
    {
        using var host = NewHost();

        var changes = host.Manager().Attach("minimal-app", [], [], "default", "copy", 0);

        Assert.Contains(C(PortableChangeType.Copy, $"{Attached}/minimal-app.service.d/10-profile.conf", "/usr/lib/systemd/portable/profile/default/service.conf"), changes);
        Assert.Equal(host.ReadFile("/usr/lib/systemd/portable/profile/default/service.conf"), host.ReadFile($"{Attached}/minimal-app.service.d/10-profile.conf"));
        Assert.Null(new FileInfo(host.Host($"{Attached}/minimal-app.service.d/10-profile.conf")).LinkTarget);
    }

    [Fact]
    public void Attach_CopyModeSymlinkRuntime_LinksUnitIntoImageUnderRun()
    {
        using var host = NewHost();

        var changes = host.Manager().Attach("minimal-app", [], [], "strict", "symlink", (ulong)PortableFlags.Runtime);

        Assert.Equal(
            [
                C(PortableChangeType.Mkdir, "/run/systemd/system.attached"),
                C(PortableChangeType.Mkdir, "/run/systemd/system.attached/minimal-app.service.d"),
                C(PortableChangeType.Write, "/run/systemd/system.attached/minimal-app.service.d/20-portable.conf"),
                C(PortableChangeType.Symlink, "/run/systemd/system.attached/minimal-app.service.d/10-profile.conf", "/usr/lib/systemd/portable/profile/strict/service.conf"),
                C(PortableChangeType.Symlink, "/run/systemd/system.attached/minimal-app.service", "/var/lib/portables/minimal-app/usr/lib/systemd/system/minimal-app.service"),
                C(PortableChangeType.Symlink, "/run/portables/minimal-app", "/var/lib/portables/minimal-app"),
            ],
            changes);
        Assert.Equal(PortableState.AttachedRuntime, host.Manager().GetState("minimal-app", [], 0));
    }

    [Fact]
    public void Attach_CopyModeMixed262_CopiesImageIntoEtcPortables()
    {
        using var host = NewHost();

        var changes = host.Manager().Attach("/var/lib/portables/minimal-app", [], [], "default", "mixed", 0);

        Assert.Equal(C(PortableChangeType.Copy, "/etc/portables/minimal-app", "/var/lib/portables/minimal-app"), changes[^1]);
        Assert.True(File.Exists(host.Host("/etc/portables/minimal-app/usr/lib/os-release")));
        Assert.Equal("../usr/lib/os-release", LinkTarget(host, "/etc/portables/minimal-app/etc/os-release"));
        Assert.Contains("RootDirectory=/var/lib/portables/minimal-app\n", host.ReadFile($"{Attached}/minimal-app.service.d/20-portable.conf"), StringComparison.Ordinal);

        var detached = host.Manager().Detach("/var/lib/portables/minimal-app", [], 0);

        Assert.Contains(C(PortableChangeType.Unlink, "/etc/portables/minimal-app"), detached);
        Assert.False(host.Exists("/etc/portables/minimal-app"));
        Assert.True(host.Exists("/var/lib/portables/minimal-app/usr/lib/os-release"));
    }

    [Theory]
    [InlineData(UpstreamVersion.V252, "mixed")]
    [InlineData(UpstreamVersion.V262, "bogus")]
    public void Attach_UnknownCopyMode_ThrowsInvalidArgs(UpstreamVersion version, string mode)
    {
        using var host = NewHost();

        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager(version).Attach("minimal-app", [], [], "default", mode, 0));

        Assert.Equal($"Unknown copy mode '{mode}'", e.Message);
    }

    [Fact]
    public void Attach_ValidationOrder_FlagsThenCopyModeThenImageThenProfile()
    {
        using var host = NewHost();
        PortableManager manager = host.Manager();

        Assert.Equal("Invalid 'flags' parameter '8'", Assert.Throws<InvalidArgumentsException>(() => manager.Attach("does-not-exist", [], [], "nosuch", "bogus", 8)).Message);
        Assert.Equal("Unknown copy mode 'bogus'", Assert.Throws<InvalidArgumentsException>(() => manager.Attach("does-not-exist", [], [], "nosuch", "bogus", 0)).Message);
        Assert.Equal("No image 'does-not-exist' found.", Assert.Throws<NoSuchImageException>(() => manager.Attach("does-not-exist", [], [], "nosuch", "", 0)).Message);
        Assert.Equal(
            "Profile 'nosuch' does not exist, refusing. (Available profiles are: default, nonetwork, strict, trusted)",
            Assert.Throws<InvalidArgumentsException>(() => manager.Attach("minimal-app", [], ["nomatch"], "nosuch", "", 0)).Message);
        Assert.False(host.Exists(Attached));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../x")]
    public void Attach_262InvalidProfileName_Throws(string profile)
    {
        using var host = NewHost();

        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager().Attach("minimal-app", [], [], profile, "", 0));

        Assert.Equal($"Profile name '{profile}' is not valid.", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("nosuch")]
    public void Attach_252MissingOrEmptyProfile_SkipsProfileDropIn(string profile)
    {
        using var host = NewHost();

        var changes = host.Manager(UpstreamVersion.V252).Attach("minimal-app", [], [], profile, "", 0);

        Assert.Equal(5, changes.Count);
        Assert.False(host.Exists($"{Attached}/minimal-app.service.d/10-profile.conf"));
    }

    [Fact]
    public void Attach_CustomProfileInEtc_IsFoundFirst()
    {
        using var host = NewHost();
        host.WriteFile("/etc/systemd/portable/profile/mine/service.conf", "[Service]\nPrivateNetwork=yes\n");

        host.Manager().Attach("minimal-app", [], [], "mine", "", 0);

        Assert.Equal("/etc/systemd/portable/profile/mine/service.conf", LinkTarget(host, $"{Attached}/minimal-app.service.d/10-profile.conf"));
    }

    [Fact]
    public void Attach_Twice_ThrowsExistsOnHostAndForceReplaces()
    {
        using var host = NewHost();
        PortableManager manager = host.Manager();
        manager.Attach("minimal-app", [], [], "default", "", 0);

        var e = Assert.Throws<UnitExistsException>(() => manager.Attach("minimal-app", [], [], "default", "", 0));
        Assert.Equal("org.freedesktop.systemd1.UnitExists", e.ErrorName);
        Assert.Equal("Unit file 'minimal-app.service' exists on the host already, refusing.", e.Message);

        var changes = manager.Attach("minimal-app", [], [], "default", "copy", (ulong)PortableFlags.ForceAttach);
        Assert.Equal(
            [
                C(PortableChangeType.Write, $"{Attached}/minimal-app.service.d/20-portable.conf"),
                C(PortableChangeType.Copy, $"{Attached}/minimal-app.service.d/10-profile.conf", "/usr/lib/systemd/portable/profile/default/service.conf"),
                C(PortableChangeType.Copy, $"{Attached}/minimal-app.service", "/var/lib/portables/minimal-app/usr/lib/systemd/system/minimal-app.service"),
            ],
            changes);
    }

    [Fact]
    public void Attach_UnitInHostUnitPath_ThrowsExistsOnHost()
    {
        using var host = NewHost();
        host.WriteFile("/usr/lib/systemd/system/minimal-app.service", "[Service]\n");

        Assert.Throws<UnitExistsException>(() => host.Manager().Attach("minimal-app", [], [], "default", "", 0));
    }

    [Fact]
    public void Attach_UnitActive_ThrowsActiveAlready()
    {
        using var host = NewHost();
        host.Units.Active.Add("minimal-app.service");

        var e = Assert.Throws<UnitExistsException>(() => host.Manager().Attach("minimal-app", [], [], "default", "", 0));

        Assert.Equal("Unit file 'minimal-app.service' is active already, refusing.", e.Message);
    }

    [Fact]
    public void Attach_OsReleaseWithoutId_ThrowsESTALE()
    {
        using var host = NewHost();
        host.CreateImage("/srv/noid", "minimal-app", "NAME=x\n");

        var e = Assert.Throws<ErrnoException>(() => host.Manager().Attach("/srv/noid", [], [], "default", "", 0));

        Assert.Equal("System.Error.ESTALE", e.ErrorName);
        Assert.Equal("Image /srv/noid os-release metadata lacks the ID field", e.Message);
    }

    [Fact]
    public void Attach_MatchesOutsidePortablePrefixes_Throws()
    {
        using var host = NewHost();
        host.CreateImage("/srv/noid", "minimal-app", "ID=y\nPORTABLE_PREFIXES=other zz minimal-app\n");

        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager().Attach("/srv/noid", [], ["minimal", "x"], "default", "", 0));

        Assert.Equal("Selected matches 'minimal', 'x' are not compatible with portable service image '/srv/noid', refusing. (Acceptable prefix matches are: minimal-app, other, zz)", e.Message);
        Assert.NotEmpty(host.Manager().Attach("/srv/noid", [], ["zz", "minimal-app"], "default", "", 0));
    }

    [Fact]
    public void Attach_PortableScopeUser262_Throws()
    {
        using var host = NewHost();
        host.CreateImage("/srv/user", "minimal-app", "ID=y\nPORTABLE_SCOPE=user\n");

        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager().Attach("/srv/user", [], [], "default", "", 0));

        Assert.Equal("Image /srv/user portable scope 'user' incompatible with portabled runtime scope 'system'.", e.Message);
    }

    [Fact]
    public void Attach_NoMatchingUnits_Throws()
    {
        using var host = NewHost();

        var e = Assert.Throws<NoMatchingUnitFilesException>(() => host.Manager().Attach("minimal-app", [], ["nomatch"], "default", "", 0));

        Assert.Equal("Couldn't find any matching unit files in image '/var/lib/portables/minimal-app', refusing.", e.Message);
    }

    [Fact]
    public void Attach_FailureMidway_RollsBackEverythingCreated()
    {
        using var host = NewHost();
        host.WriteUnit("/var/lib/portables/minimal-app", "/usr/lib/systemd/system", "minimal-app-z.service");
        Directory.CreateDirectory(host.Host($"{Attached}/minimal-app-z.service"));

        var e = Assert.Throws<ErrnoException>(() => host.Manager().Attach("minimal-app", [], [], "default", "", (ulong)PortableFlags.ForceAttach));

        Assert.Equal("System.Error.EISDIR", e.ErrorName);
        Assert.Equal("Failed to attach unit 'minimal-app-z.service': Is a directory", e.Message);
        Assert.Equal(["minimal-app-z.service"], Directory.EnumerateFileSystemEntries(host.Host(Attached)).Select(Path.GetFileName));
        Assert.False(host.Exists("/etc/portables/minimal-app"));
    }

    [Fact]
    public void Attach_DropInDirectoryIsSymlink_IsRefusedAndNotFollowed()
    {
        using var host = NewHost();
        Directory.CreateDirectory(host.Host("/srv/elsewhere"));
        host.Symlink($"{Attached}/minimal-app.service.d", host.Host("/srv/elsewhere"));

        var e = Assert.Throws<ErrnoException>(() => host.Manager().Attach("minimal-app", [], [], "default", "", (ulong)PortableFlags.ForceAttach));

        Assert.Equal("System.Error.ELOOP", e.ErrorName);
        Assert.Empty(Directory.EnumerateFileSystemEntries(host.Host("/srv/elsewhere")));
    }

    [Fact]
    public void Attach_WithDirectoryExtension262_MatchesRealPeer()
    {
        using var host = NewHost();
        CreateApp0(host);

        var changes = host.Manager().Attach("/srv/minimal-app", ["/srv/app0"], ["minimal-app", "app0"], "default", "symlink", 0);

        string expected = "# Drop-in created for image '/srv/minimal-app:/srv/app0', do not edit.\n\n[Service]\nRootDirectory=/srv/minimal-app\n" +
            "Environment=PORTABLE={0}\nLogExtraFields=PORTABLE={0}\nEnvironment=PORTABLE_ROOT=minimal-app\nLogExtraFields=PORTABLE_ROOT=minimal-app\n" +
            "LogExtraFields=PORTABLE_ROOT_NAME_AND_VERSION=minimal_1\n\nExtensionDirectories=/srv/app0\nLogExtraFields=PORTABLE_EXTENSION=app0\n" +
            "LogExtraFields=PORTABLE_EXTENSION_NAME_AND_VERSION=app0_0.1\nLogExtraFields=PORTABLE_EXTENSION_NAME_AND_VERSION=cx_9\n";
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, "app0"), host.ReadFile($"{Attached}/app0.service.d/20-portable.conf"));
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, "minimal-app"), host.ReadFile($"{Attached}/minimal-app.service.d/20-portable.conf"));
        Assert.Equal(C(PortableChangeType.Symlink, $"{Attached}/app0.service", "/srv/app0/usr/lib/systemd/system/app0.service"), changes[4]);
        Assert.Equal([C(PortableChangeType.Symlink, "/etc/portables/app0", "/srv/app0"), C(PortableChangeType.Symlink, "/etc/portables/minimal-app", "/srv/minimal-app")], changes.Skip(changes.Count - 2));
    }

    [Fact]
    public void Attach_WithDirectoryExtension252_ExtensionLinesOnlyForExtensionUnits()
    {
        using var host = NewHost();
        host.WriteFile("/etc/os-release", "ID=debian\n");
        CreateApp0(host);

        host.Manager(UpstreamVersion.V252).Attach("/srv/minimal-app", ["/srv/app0"], ["minimal-app", "app0"], "default", "", 0);

        const string Head = "# Drop-in created for image '/srv/minimal-app:/srv/app0', do not edit.\n\n[Service]\nRootDirectory=/srv/minimal-app\n";
        Assert.Equal(
            Head + "Environment=PORTABLE=app0\nBindReadOnlyPaths=/etc/os-release:/run/host/os-release\nLogExtraFields=PORTABLE=app0\nExtensionDirectories=/srv/app0\n",
            host.ReadFile($"{Attached}/app0.service.d/20-portable.conf"));
        Assert.Equal(
            Head + "Environment=PORTABLE=minimal-app\nBindReadOnlyPaths=/etc/os-release:/run/host/os-release\nLogExtraFields=PORTABLE=minimal-app\n",
            host.ReadFile($"{Attached}/minimal-app.service.d/20-portable.conf"));
    }

    [Theory]
    [InlineData("ID=other\n")]
    [InlineData("ID=minimal\nVERSION_ID=2\n")]
    [InlineData("ID=minimal\nVERSION_ID=1\nSYSEXT_SCOPE=system\n")]
    [InlineData("ID=minimal\nVERSION_ID=1\nARCHITECTURE=alpha\n")]
    [InlineData("VERSION_ID=1\n")]
    public void Attach_ExtensionNotMatchingRoot_ThrowsESTALE(string release)
    {
        using var host = NewHost();
        host.CreateExtension("/srv/app0", release);

        var e = Assert.Throws<ErrnoException>(() => host.Manager().Attach("minimal-app", ["/srv/app0"], [], "default", "", 0));

        Assert.Equal("System.Error.ESTALE", e.ErrorName);
        Assert.Equal("Image /srv/app0 extension-release metadata does not match the root's", e.Message);
    }

    [Theory]
    [InlineData("ID=_any\n")]
    [InlineData("ID=minimal\nVERSION_ID=1\nSYSEXT_SCOPE=portable system\nARCHITECTURE=_any\n")]
    public void Attach_ExtensionMatchingRoot_Succeeds(string release)
    {
        using var host = NewHost();
        host.CreateExtension("/srv/app0", release);

        Assert.NotEmpty(host.Manager().Attach("minimal-app", ["/srv/app0"], [], "default", "", 0));
    }

    [Fact]
    public void Attach_ExtensionPortablePrefixes_AreMergedIntoValidList()
    {
        using var host = NewHost();
        host.CreateExtension("/srv/app0", "ID=_any\nPORTABLE_PREFIXES=app0\n");

        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager().Attach("minimal-app", ["/srv/app0"], ["minimal-app"], "default", "", 0));

        Assert.Equal("Selected matches 'minimal-app' are not compatible with portable service image '/var/lib/portables/minimal-app' or any of its extensions '/srv/app0', refusing. (Acceptable prefix matches are: app0)", e.Message);
    }

    // Observed with the real 252: copying a unit that links to a directory fails after its drop-ins
    // (here everything is rolled back); linking it works. 262 never extracts it.
    [Fact]
    public void Attach_252UnitLinkToDirectory_CopyFailsSymlinkWorks()
    {
        using var host = NewHost();
        const string Units = "/var/lib/portables/minimal-app/usr/lib/systemd/system";
        Directory.CreateDirectory(host.Host($"{Units}/minimal-app-dir.service"));
        host.Symlink($"{Units}/minimal-app-dirlink.service", "minimal-app-dir.service");
        PortableManager manager = host.Manager(UpstreamVersion.V252);

        var e = Assert.Throws<ErrnoException>(() => manager.Attach("minimal-app", [], ["minimal-app-dirlink"], "default", "copy", 0));
        Assert.Equal("Failed to attach unit 'minimal-app-dirlink.service': Is a directory", e.Message);
        Assert.False(host.Exists("/etc/systemd/system.attached"));

        manager.Attach("minimal-app", [], ["minimal-app-dirlink"], "default", "symlink", 0);
        Assert.Equal($"{Units}/minimal-app-dirlink.service", new FileInfo(host.Host("/etc/systemd/system.attached/minimal-app-dirlink.service")).LinkTarget);
        Assert.Equal(Errno.EISDIR, Assert.Throws<ErrnoException>(() => manager.GetState("minimal-app", [], 0)).Errno);
        Assert.Throws<NoMatchingUnitFilesException>(() => host.Manager(UpstreamVersion.V262).GetMetadata("minimal-app", [], ["minimal-app-dirlink"], 0));
    }

    // An admin's symlinks for the attached directory and /etc/portables are followed (observed, 252 and 262).
    [Fact]
    public void AttachDetach_ConfiguredDirectoriesAreSymlinks_WritesThroughAndKeepsLinks()
    {
        using var host = NewHost();
        Directory.CreateDirectory(host.Host("/srv/attached"));
        Directory.CreateDirectory(host.Host("/srv/portables"));
        host.Symlink("/etc/systemd/system.attached", host.Host("/srv/attached"));
        host.Symlink("/etc/portables", host.Host("/srv/portables"));
        host.CreateImage("/srv/app");
        PortableManager manager = host.Manager();

        var changes = manager.Attach("/srv/app", [], [], "default", "", 0);

        Assert.DoesNotContain(changes, c => c.Type == PortableChangeType.Mkdir && c.Path == "/etc/systemd/system.attached");
        Assert.True(File.Exists(host.Host("/srv/attached/app.service")));
        Assert.Equal("/srv/app", new FileInfo(host.Host("/srv/portables/app")).LinkTarget);
        Assert.Equal(PortableState.Attached, manager.GetState("/srv/app", [], 0));

        var removed = manager.Detach("/srv/app", [], 0);

        Assert.DoesNotContain(removed, c => c.Path == "/etc/systemd/system.attached");
        Assert.Empty(Directory.EnumerateFileSystemEntries(host.Host("/srv/attached")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(host.Host("/srv/portables")));
        Assert.NotNull(new FileInfo(host.Host("/etc/systemd/system.attached")).LinkTarget);
    }

    // Observed, 252 and 262: a dangling attached directory link fails the first write with ENOENT and
    // counts as missing; a file there fails everything with ENOTDIR.
    [Theory]
    [InlineData(true, "Failed to attach unit 'app.service': No such file or directory")]
    [InlineData(false, "Failed to attach unit 'app.service': Not a directory")]
    public void Attach_AttachedDirectoryNotADirectory_FailsLikeUpstream(bool danglingLink, string message)
    {
        using var host = NewHost();
        host.CreateImage("/srv/app");
        if (danglingLink)
        {
            host.Symlink("/etc/systemd/system.attached", host.Host("/srv/nowhere"));
        }
        else
        {
            host.WriteFile("/etc/systemd/system.attached", string.Empty);
        }

        PortableManager manager = host.Manager();

        Assert.Equal(message, Assert.Throws<ErrnoException>(() => manager.Attach("/srv/app", [], [], "default", "", 0)).Message);
        if (danglingLink)
        {
            Assert.Equal(PortableState.Detached, manager.GetState("/srv/app", [], 0));
            Assert.Throws<NoSuchUnitException>(() => manager.Detach("/srv/app", [], 0));
        }
        else
        {
            Assert.Equal(Errno.ENOTDIR, Assert.Throws<ErrnoException>(() => manager.GetState("/srv/app", [], 0)).Errno);
            Assert.Equal(Errno.ENOTDIR, Assert.Throws<ErrnoException>(() => manager.Detach("/srv/app", [], 0)).Errno);
        }
    }

    internal static TestHost NewHost()
    {
        var host = new TestHost();
        host.CreateDefaultProfiles();
        host.CreateImage("/var/lib/portables/minimal-app");
        return host;
    }

    internal static void CreateApp0(TestHost host)
    {
        host.CreateImage("/srv/minimal-app");
        host.CreateExtension("/srv/app0", "ID=minimal\nVERSION_ID=1\nSYSEXT_IMAGE_ID=app0\nSYSEXT_IMAGE_VERSION=0.1\nCONFEXT_ID=cx\nCONFEXT_IMAGE_VERSION=9\n");
        host.WriteUnit("/srv/app0", "/usr/lib/systemd/system", "app0.service", "[Service]\nExecStart=/bin/true\n");
    }

    internal static PortableChange C(PortableChangeType type, string path, string source = "") => new(type, path, source);

    internal static string? LinkTarget(TestHost host, string logical) => new FileInfo(host.Host(logical)).LinkTarget;
}
