// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Host;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Testing;

namespace Portabled.Core.Tests.Host;

public sealed class HostFileSystemTests
{
    [Fact]
    public void IsSelinuxEnabled_NoSelinuxfsThere_IsFalse()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp["config"], "SELINUX=enforcing\n");
        Directory.CreateDirectory(temp["not-selinuxfs"]);

        // A directory that is no selinuxfs mount, and one that does not exist, with a policy configuration present.
        Assert.False(HostFileSystem.IsSelinuxEnabled([temp["not-selinuxfs"], temp["missing"]], temp["config"]));
    }

    [Fact]
    public void IsSelinuxEnabled_NoConfiguration_IsFalse()
    {
        using var temp = new TempDirectory();

        Assert.False(HostFileSystem.IsSelinuxEnabled(["/sys/fs/selinux"], temp["missing-config"]));
    }

    [Fact]
    public void IsSelinuxEnabled_ThisHost_AgreesWithTheKernelsSelinuxfs()
    {
        // selinuxfs exposes "enforce" wherever it is mounted; without it (or without a policy
        // configuration) libselinux calls SELinux disabled, and so must we.
        bool mounted = File.Exists("/sys/fs/selinux/enforce") || File.Exists("/selinux/enforce");
        if (!mounted || !File.Exists("/etc/selinux/config"))
        {
            Assert.False(HostFileSystem.IsSelinuxEnabled());
        }
    }

    [Fact]
    public void UsesSelinux_SetByTheHost_OverridesDetection()
    {
        Assert.True(new HostLayout("/") { UsesSelinux = true }.UsesSelinux);
        Assert.False(new HostLayout("/") { UsesSelinux = false }.UsesSelinux);
    }

    [RequiresFact("root")]
    public void TrySetExtendedAttribute_OnASymlink_LandsOnTheLinkItself()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp["file"], "x");
        File.CreateSymbolicLink(temp["link"], "file");

        // trusted.* (root) is allowed on symlinks, unlike user.*.
        Assert.True(HostFileSystem.TrySetExtendedAttribute(temp["link"], "trusted.portabled-test", "v"u8));

        Assert.True(HostExtendedAttributes.TryGet(temp["link"], "trusted.portabled-test", out byte[]? value));
        Assert.Equal("v"u8.ToArray(), value);
        Assert.False(HostExtendedAttributes.TryGet(temp["file"], "trusted.portabled-test", out _));
    }

    [Fact]
    public void TrySetExtendedAttribute_NoSuchFile_IsFalse()
    {
        using var temp = new TempDirectory();

        Assert.False(HostFileSystem.TrySetExtendedAttribute(temp["missing"], "user.x", "v"u8));
    }
}
