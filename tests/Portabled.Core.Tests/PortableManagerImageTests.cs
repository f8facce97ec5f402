// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Images;
using Portabled.Core.Versions;
using Portabled.Core;

namespace Portabled.Core.Tests;

public class PortableManagerImageTests
{
    [Fact]
    public void AcquireImage_ByName_FirstSearchDirectoryWins()
    {
        using var host = new TestHost();
        host.CreateImage("/usr/lib/portables/app");
        host.CreateImage("/var/lib/portables/app");
        host.CreateImage("/run/portables/app");

        PortableImage image = host.Manager().AcquireImage("app");

        Assert.Equal("/run/portables/app", image.Path);
        Assert.Equal("app", image.Name);
        Assert.Equal(PortableImageType.Directory, image.Type);
    }

    [Fact]
    public void AcquireImage_NameWithRawFile_FindsRaw()
    {
        using var host = new TestHost();
        host.WriteFile("/var/lib/portables/app.raw", "not really a disk");

        PortableImage image = host.Manager().AcquireImage("app");

        Assert.Equal("/var/lib/portables/app.raw", image.Path);
        Assert.Equal(PortableImageType.Raw, image.Type);
        Assert.Equal((ulong)17, image.Limit);
        Assert.NotEqual(0UL, image.ModificationTimestamp);
    }

    [Fact]
    public void AcquireImage_PlainNameIsRegularFile_IsSkipped()
    {
        using var host = new TestHost();
        host.WriteFile("/etc/portables/app", "a file, not an image");
        host.CreateImage("/var/lib/portables/app");

        Assert.Equal("/var/lib/portables/app", host.Manager().AcquireImage("app").Path);
    }

    [Fact]
    public void AcquireImage_SymlinkInSearchPath_262ReportsTarget252ReportsLink()
    {
        using var host = new TestHost();
        host.CreateImage("/srv/images/app_1");
        host.Symlink("/etc/portables/app", "/srv/images/app_1");

        Assert.Equal("/srv/images/app_1", host.Manager(UpstreamVersion.V262).AcquireImage("app").Path);
        Assert.Equal("/etc/portables/app", host.Manager(UpstreamVersion.V252).AcquireImage("app").Path);
    }

    [Fact]
    public void AcquireImage_VersionedDirectory_262PicksNewest()
    {
        using var host = new TestHost();
        host.CreateImage("/var/lib/portables/app.v/app_1.9", "app");
        host.CreateImage("/var/lib/portables/app.v/app_1.10", "app");
        host.CreateImage("/var/lib/portables/app.v/app_2+0", "app");

        Assert.Equal("/var/lib/portables/app.v/app_1.10", host.Manager(UpstreamVersion.V262).AcquireImage("app").Path);
        Assert.Throws<NoSuchImageException>(() => host.Manager(UpstreamVersion.V252).AcquireImage("app"));
    }

    [Fact]
    public void AcquireImage_UnknownName_ThrowsNoSuchImage()
    {
        using var host = new TestHost();

        var e = Assert.Throws<NoSuchImageException>(() => host.Manager().AcquireImage("does-not-exist"));

        Assert.Equal("org.freedesktop.portable1.NoSuchImage", e.ErrorName);
        Assert.Equal("No image 'does-not-exist' found.", e.Message);
    }

    [Theory]
    [InlineData("a/b", "Image name 'a/b' is not valid or not a valid path.")]
    [InlineData("/tmp/../tmp/x", "Image path '/tmp/../tmp/x' is not normalized.")]
    [InlineData("/tmp//x", "Image path '/tmp//x' is not normalized.")]
    public void AcquireImage_BadArgument_ThrowsInvalidArgs(string argument, string message)
    {
        using var host = new TestHost();

        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager().AcquireImage(argument));

        Assert.Equal("org.freedesktop.DBus.Error.InvalidArgs", e.ErrorName);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void AcquireImage_MissingPath_ThrowsFileNotFound()
    {
        using var host = new TestHost();

        var e = Assert.Throws<ErrnoException>(() => host.Manager().AcquireImage("/srv/nope"));

        Assert.Equal("org.freedesktop.DBus.Error.FileNotFound", e.ErrorName);
        Assert.Equal("No such file or directory", e.Message);
    }

    [Fact]
    public void AcquireImage_RegularFileWithoutRawSuffix_ThrowsBadImageType()
    {
        using var host = new TestHost();
        host.WriteFile("/srv/file.txt", "x");

        var e = Assert.Throws<BadImageTypeException>(() => host.Manager().AcquireImage("/srv/file.txt"));

        Assert.Equal("org.freedesktop.portable1.BadImageType", e.ErrorName);
        Assert.Equal("Type of image '/srv/file.txt' not recognized; supported image types are directories/btrfs subvolumes, block devices, and raw disk image files with suffix '.raw'.", e.Message);
    }

    [Fact]
    public void AcquireImage_PathWithTrailingSlashOrSymlink_KeepsGivenPath()
    {
        using var host = new TestHost();
        host.CreateImage("/srv/app");
        host.Symlink("/srv/lnk", "/srv/app");

        Assert.Equal("/srv/app", host.Manager().AcquireImage("/srv/app/").Path);
        PortableImage linked = host.Manager().AcquireImage("/srv/lnk");
        Assert.Equal("/srv/lnk", linked.Path);
        Assert.Equal("lnk", linked.Name);
    }

    [Fact]
    public void AcquireImage_UnderUsr_IsReadOnly()
    {
        using var host = new TestHost();
        host.CreateImage("/usr/lib/portables/vendor");
        host.CreateImage("/var/lib/portables/local");

        Assert.True(host.Manager().AcquireImage("vendor").ReadOnly);
        Assert.False(host.Manager().AcquireImage("local").ReadOnly);
    }

    [Fact]
    public void AcquireImage_Directory_HasUnknownUsageAndNoMtime()
    {
        using var host = new TestHost();
        host.CreateImage("/var/lib/portables/app");

        PortableImage image = host.Manager().AcquireImage("app");

        Assert.Equal(0UL, image.ModificationTimestamp);
        Assert.Equal(ulong.MaxValue, image.Usage);
        Assert.Equal(ulong.MaxValue, image.Limit);
    }

    [Fact]
    public void GetImage_Path_ThrowsInvalidArgs()
    {
        using var host = new TestHost();

        var e = Assert.Throws<InvalidArgumentsException>(() => host.Manager().GetImage("/tmp/x/q"));

        Assert.Equal("Expected image name, not path in place of '/tmp/x/q'.", e.Message);
    }

    [Fact]
    public void ListImages_SeveralDirectories_FirstNameWinsSortedWithState()
    {
        using var host = new TestHost();
        host.CreateImage("/var/lib/portables/zeta");
        host.CreateImage("/var/lib/portables/alpha");
        host.CreateImage("/usr/lib/portables/alpha");
        host.CreateImage("/var/lib/portables/dir.raw", "dir");
        host.CreateImage("/var/lib/portables/.hidden", "hidden");
        host.WriteFile("/var/lib/portables/disk.raw", "x");
        host.WriteFile("/var/lib/portables/notes.txt", "x");

        var list = host.Manager().ListImages();

        Assert.Equal([".hidden", "alpha", "dir.raw", "disk", "zeta"], list.Select(e => e.Image.Name));
        Assert.Equal("/var/lib/portables/alpha", list[1].Image.Path);
        Assert.All(list, e => Assert.Equal("detached", e.State));
        Assert.True(list[0].Image.ReadOnly);
    }

    [Fact]
    public void ListImages_NoSearchDirectories_IsEmpty()
    {
        using var host = new TestHost();

        Assert.Empty(host.Manager().ListImages());
    }

    [Fact]
    public void Pool_Properties_AreUpstreamDefaults()
    {
        using var host = new TestHost();
        PortableManager manager = host.Manager();

        Assert.Equal("/var/lib/portables", manager.PoolPath);
        Assert.Equal(ulong.MaxValue, manager.PoolUsage);
        Assert.Equal(ulong.MaxValue, manager.PoolLimit);
    }
}
