// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.State;
using Portabled.Core.Versions;

namespace Portabled.Core.Tests;

/// <summary>
/// Argument checks answer upstream's errors for the version in force (each case observed against the
/// real 252 and 262; the full table runs against the real daemons in the Service tests' odd-arguments
/// differential test). Errors are asserted by D-Bus name and message.
/// </summary>
public class PortableManagerArgumentTests
{
    private const string BadAddress = "org.freedesktop.DBus.Error.BadAddress";
    private const string InvalidArgs = "org.freedesktop.DBus.Error.InvalidArgs";
    private const string FileNotFound = "org.freedesktop.DBus.Error.FileNotFound";
    private const string FileExists = "org.freedesktop.DBus.Error.FileExists";
    private const string NoSuchUnit = "org.freedesktop.systemd1.NoSuchUnit";

    // 262 takes an image name from the argument when a marker is compared with it; 252 matches
    // nothing with these, except "_x": its empty name before the "_" is a prefix of every marker
    // (observed, "attached").
    [Theory]
    [InlineData("", InvalidArgs)]
    [InlineData("..", InvalidArgs)]
    [InlineData(".", BadAddress)]
    [InlineData("/", BadAddress)]
    [InlineData("//", BadAddress)]
    [InlineData(".#app", InvalidArgs)]
    [InlineData("_x", InvalidArgs)]
    [InlineData("a\u0001b", InvalidArgs)]
    [InlineData("/srv/loop-a", "System.Error.ELOOP")]
    [InlineData("/etc/os-release/x", "System.Error.ENOTDIR")]
    public void GetStateAndDetach_OddArgumentWhileSomethingIsAttached_Is262sError(string argument, string errorName)
    {
        using var host = AttachedHost();
        Assert.Equal(errorName, Assert.ThrowsAny<PortableException>(() => host.Manager(UpstreamVersion.V262).GetState(argument, [], 0)).ErrorName);
        Assert.Equal(errorName, Assert.ThrowsAny<PortableException>(() => host.Manager(UpstreamVersion.V262).Detach(argument, [], 0)).ErrorName);
        Assert.Equal(argument == "_x" ? PortableState.Attached : PortableState.Detached, host.Manager(UpstreamVersion.V252).GetState(argument, [], 0));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("/")]
    public void GetState_OddArgumentNothingAttached_IsDetached(string argument)
    {
        using var host = new TestHost();
        Assert.Equal(PortableState.Detached, host.Manager(UpstreamVersion.V262).GetState(argument, [], 0));
    }

    // The argument is resolved on the host before its name is taken: a symlink to the image, a
    // relative path and a missing tail all name "app".
    [Theory]
    [InlineData("/srv/link-to-app")]
    [InlineData("app/")]
    [InlineData("/nowhere/app")]
    [InlineData("/var/lib/portables/../portables/app")]
    public void GetState_ArgumentResolvingToTheImage_Matches(string argument)
    {
        using var host = AttachedHost();
        Assert.Equal(PortableState.Attached, host.Manager(UpstreamVersion.V262).GetState(argument, [], 0));
    }

    [Fact]
    public void Detach_EmptyExtensionNames_MessageHasNoExtensionInfix()
    {
        using var host = new TestHost();
        var e = Assert.Throws<NoSuchUnitException>(() => host.Manager().Detach("app", [""], 0));
        Assert.Equal("No unit files associated with 'app' found attached to the system. Image not attached?", e.Message);
    }

    // A lookup by name trips over a candidate file name longer than NAME_MAX in the first search
    // directory that exists: 262 refuses it (EINVAL), 252 gets ENAMETOOLONG from the file system.
    [Theory]
    [InlineData(UpstreamVersion.V262, 247, InvalidArgs, "Invalid argument")]
    [InlineData(UpstreamVersion.V262, 246, "org.freedesktop.portable1.NoSuchImage", null)]
    [InlineData(UpstreamVersion.V252, 252, "System.Error.ENAMETOOLONG", "File name too long")]
    [InlineData(UpstreamVersion.V252, 251, "org.freedesktop.portable1.NoSuchImage", null)]
    public void GetImage_LongName_FailsAtTheFirstTooLongCandidate(UpstreamVersion version, int length, string errorName, string? message)
    {
        using var host = new TestHost();
        Directory.CreateDirectory(host.Host("/var/lib/portables"));
        string name = new('y', length);
        PortableException e = Assert.ThrowsAny<PortableException>(() => host.Manager(version).GetImage(name));
        Assert.Equal(errorName, e.ErrorName);
        Assert.Equal(message ?? $"No image '{name}' found.", e.Message);
    }

    [Theory]
    [InlineData(UpstreamVersion.V262)]
    [InlineData(UpstreamVersion.V252)]
    public void GetImage_LongNameThatExists_IsFoundBeforeTheLongerCandidates(UpstreamVersion version)
    {
        using var host = new TestHost();
        string name = new('z', 253);
        host.CreateImage($"/var/lib/portables/{name}", "z");
        Assert.Equal($"/var/lib/portables/{name}", host.Manager(version).GetImage(name).Path);
    }

    // Extensions that are not image names are paths, relative ones from "/"; every failure is a bare errno.
    [Theory]
    [InlineData(UpstreamVersion.V252, "", FileNotFound)]
    [InlineData(UpstreamVersion.V262, "", BadAddress)]
    [InlineData(UpstreamVersion.V252, ".", InvalidArgs)]
    [InlineData(UpstreamVersion.V262, ".", BadAddress)]
    [InlineData(UpstreamVersion.V252, "..", InvalidArgs)]
    [InlineData(UpstreamVersion.V262, "..", InvalidArgs)]
    [InlineData(UpstreamVersion.V252, "/", BadAddress)]
    [InlineData(UpstreamVersion.V262, "/", BadAddress)]
    [InlineData(UpstreamVersion.V262, "a/b", FileNotFound)]
    [InlineData(UpstreamVersion.V262, "a\u0001b", FileNotFound)]
    [InlineData(UpstreamVersion.V252, "/srv/plain-file", "System.Error.EMEDIUMTYPE")]
    [InlineData(UpstreamVersion.V262, "/srv/plain-file", "System.Error.EMEDIUMTYPE")]
    [InlineData(UpstreamVersion.V252, "/dev/null", "System.Error.EMEDIUMTYPE")]
    [InlineData(UpstreamVersion.V262, "/dev/null", FileNotFound)]
    [InlineData(UpstreamVersion.V262, "/srv/loop-a", "System.Error.ELOOP")]
    [InlineData(UpstreamVersion.V262, "nosuch", FileNotFound)]
    [InlineData(UpstreamVersion.V252, "/srv/no-release", InvalidArgs)]
    [InlineData(UpstreamVersion.V262, "/srv/no-release", FileNotFound)]
    public void GetMetadata_OddExtension_IsUpstreamsError(UpstreamVersion version, string extension, string errorName)
    {
        using var host = AttachedHost();
        if (version == UpstreamVersion.V252 || extension != "/dev/null")
        {
            host.WriteFile("/srv/plain-file", "not an image\n");
        }

        if (extension == "/dev/null")
        {
            ProcessRunnerMknodNull(host);
        }

        host.CreateImage("/srv/no-release", "no-release", osRelease: null);
        PortableException e = Assert.ThrowsAny<PortableException>(() => host.Manager(version).GetMetadata("app", [extension], [], 0));
        Assert.Equal(errorName, e.ErrorName);
        if (errorName == InvalidArgs && extension == "/srv/no-release")
        {
            Assert.Equal("Image '/srv/no-release' lacks extension-release data, refusing.", e.Message);
        }
    }

    // Two extensions of one name, whether the same one twice or two directories called app0: FileExists.
    [Theory]
    [InlineData("/srv/app0", "/srv/app0")]
    [InlineData("/srv/app0", "/srv/app0/")]
    [InlineData("/srv/app0", "/srv/other/app0")]
    public void Attach_ExtensionsOfOneName_FileExists(string first, string second)
    {
        string[] extensions = [first, second];
        using var host = new TestHost();
        host.CreateDefaultProfiles();
        host.CreateImage("/var/lib/portables/app");
        host.CreateExtension("/srv/app0", "ID=minimal\nVERSION_ID=1\n");
        host.CreateExtension("/srv/other/app0", "ID=minimal\nVERSION_ID=1\n");
        string[] many = [.. Enumerable.Repeat(extensions, extensions[0] == extensions[1] ? 500 : 1).SelectMany(e => e)];
        foreach (UpstreamVersion version in (UpstreamVersion[])[UpstreamVersion.V252, UpstreamVersion.V262])
        {
            var e = Assert.Throws<ErrnoException>(() => host.Manager(version).Attach("app", many, [], "default", "", 0));
            Assert.Equal((FileExists, "File exists"), (e.ErrorName, e.Message));
            Assert.False(host.Exists("/etc/systemd/system.attached"));
        }
    }

    // "/" is the host: it can be inspected, but has no name to extract by.
    [Theory]
    [InlineData(UpstreamVersion.V252)]
    [InlineData(UpstreamVersion.V262)]
    public void HostImage_OsReleaseReadable_ExtractionBadAddress(UpstreamVersion version)
    {
        using var host = new TestHost();
        host.CreateDefaultProfiles();
        host.WriteFile("/etc/os-release", "ID=host\n");
        Assert.Contains(new KeyValuePair<string, string>("ID", "host"), host.Manager(version).GetOSRelease("/"));
        Assert.Equal(BadAddress, Assert.Throws<ErrnoException>(() => host.Manager(version).GetMetadata("/", [], [], 0)).ErrorName);
        Assert.Equal(BadAddress, Assert.Throws<ErrnoException>(() => host.Manager(version).Attach("/", [], [], "default", "", 0)).ErrorName);
        Assert.Equal("System.Error.EROFS", Assert.Throws<ErrnoException>(() => host.Manager(version).AcquireManagedImage("/")).ErrorName);
    }

    // Upstream detaches before it reads the new image: "nothing attached" comes before every attach error.
    [Theory]
    [InlineData("nosuch")]
    [InlineData("/")]
    [InlineData("..")]
    public void Reattach_NothingAttachedAndBadExtension_NoSuchUnit(string extension)
    {
        string[] extensions = [extension];
        using var host = new TestHost();
        host.CreateDefaultProfiles();
        host.CreateImage("/var/lib/portables/app");
        foreach (UpstreamVersion version in (UpstreamVersion[])[UpstreamVersion.V252, UpstreamVersion.V262])
        {
            var e = Assert.Throws<NoSuchUnitException>(() => host.Manager(version).Reattach("app", extensions, [], "default", "", 0));
            Assert.StartsWith("No unit files associated with '/var/lib/portables/app' or any of its extensions ", e.Message, StringComparison.Ordinal);
        }
    }

    // image_read_metadata() takes the image's shared lock, a file ".#NAME.lck" beside it: that name
    // is too long for a 250-byte image name (observed: ENAMETOOLONG for GetImageOSRelease).
    [Fact]
    public void GetOSRelease_LockFileNameTooLong_FailedToReadImageMetadata()
    {
        using var host = new TestHost();
        string name = new('z', 250);
        host.CreateImage($"/var/lib/portables/{name}", "z");
        var e = Assert.Throws<ErrnoException>(() => host.Manager().GetOSRelease(name));
        Assert.Equal(("System.Error.ENAMETOOLONG", "Failed to read image metadata: File name too long"), (e.ErrorName, e.Message));
    }

    [Fact]
    public void GetOSRelease_LockFiles_AreRemovedAfterwards()
    {
        using var host = new TestHost();
        host.CreateImage("/var/lib/portables/app");
        Assert.NotEmpty(host.Manager().GetOSRelease("app"));
        Assert.Empty(Directory.GetFileSystemEntries(host.Host("/var/lib/portables"), ".#*"));
        Assert.Empty(Directory.GetFileSystemEntries(host.Host("/run/systemd/nspawn/locks")));
    }

    // app attached (persistent), plus the paths the cases above need.
    private static TestHost AttachedHost()
    {
        var host = new TestHost();
        host.CreateImage("/var/lib/portables/app");
        PortableManagerStateTests.AttachFake(host, "/etc/systemd/system.attached", "app.service", "/var/lib/portables/app");
        host.Symlink("/srv/link-to-app", "/var/lib/portables/app");
        host.Symlink("/srv/loop-a", "/srv/loop-b");
        host.Symlink("/srv/loop-b", "/srv/loop-a");
        host.WriteFile("/etc/os-release", "ID=host\n");
        return host;
    }

    // A character device at /dev/null of the test root (root may create device nodes).
    private static void ProcessRunnerMknodNull(TestHost host)
    {
        Directory.CreateDirectory(host.Host("/dev"));
        Portabled.Testing.ProcessRunner.RunChecked("mknod", host.Host("/dev/null"), "c", "1", "3");
    }
}
