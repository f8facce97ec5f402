// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Images;
using Portabled.Core.Versions;
using Portabled.Testing;

namespace Portabled.Core.Tests.Images;

/// <summary>The .v directory parts of image discovery (262), as observed on the real 262.</summary>
public class ImageDiscoveryTests
{
    [Fact]
    public void TryFind_VersionedDirectory_NameIsDirectoryNamePathIsPick()
    {
        using var host = new TestHost();
        host.CreateImage("/var/lib/portables/foo.v/foo_1.2");
        host.CreateImage("/var/lib/portables/foo.v/foo_1.10");
        host.CreateImage("/var/lib/portables/foo.v/foo_2+0");

        Assert.True(new ImageDiscovery(host.Layout, UpstreamBehavior.V262).TryFind("foo", out PortableImage? image));

        Assert.Equal("foo", image!.Name);
        Assert.Equal("/var/lib/portables/foo.v/foo_1.10", image.Path);
        Assert.Equal(PortableImageType.Directory, image.Type);
    }

    [Fact]
    public void TryFind_VersionedRaw_FindsRawImage()
    {
        using var host = new TestHost();
        host.WriteFile("/var/lib/portables/bar.raw.v/bar_1.raw", "1");
        host.WriteFile("/var/lib/portables/bar.raw.v/bar_2.raw", "22");

        Assert.True(new ImageDiscovery(host.Layout, UpstreamBehavior.V262).TryFind("bar", out PortableImage? image));

        Assert.Equal("bar", image!.Name);
        Assert.Equal("/var/lib/portables/bar.raw.v/bar_2.raw", image.Path);
        Assert.Equal(PortableImageType.Raw, image.Type);
    }

    [Fact]
    public void TryFind_EmptyVersionedDirectory_FallsThroughToLaterCandidates()
    {
        using var host = new TestHost();
        Directory.CreateDirectory(host.Host("/etc/portables/z.v"));
        host.CreateImage("/var/lib/portables/z.v/z_1");
        Directory.CreateDirectory(host.Host("/etc/portables/w.v"));
        host.WriteFile("/var/lib/portables/w.raw.v/w_1.raw", "1");
        var discovery = new ImageDiscovery(host.Layout, UpstreamBehavior.V262);

        Assert.True(discovery.TryFind("z", out PortableImage? z));
        Assert.True(discovery.TryFind("w", out PortableImage? w));

        Assert.Equal("/var/lib/portables/z.v/z_1", z!.Path);
        Assert.Equal("/var/lib/portables/w.raw.v/w_1.raw", w!.Path);
    }

    [Fact]
    public void TryFind_PlainAndVersioned_PlainWinsInSameDirectoryFirstDirectoryWinsOverall()
    {
        using var host = new TestHost();
        host.CreateImage("/var/lib/portables/t");
        host.CreateImage("/var/lib/portables/t.v/t_1");
        host.CreateImage("/etc/portables/i.v/i_1");
        host.CreateImage("/var/lib/portables/i");
        var discovery = new ImageDiscovery(host.Layout, UpstreamBehavior.V262);

        Assert.True(discovery.TryFind("t", out PortableImage? t));
        Assert.True(discovery.TryFind("i", out PortableImage? i));

        Assert.Equal("/var/lib/portables/t", t!.Path);
        Assert.Equal("/etc/portables/i.v/i_1", i!.Path);
    }

    [Theory]
    [InlineData("r")] // only an empty version
    [InlineData("y")] // a .raw.v with directories
    [InlineData("bl")] // a dangling symlink among the candidates
    public void TryFind_NoUsablePick_NotFound(string name)
    {
        using var host = new TestHost();
        host.CreateImage("/var/lib/portables/r.v/r_");
        host.CreateImage("/var/lib/portables/y.raw.v/y_1");
        host.CreateImage("/var/lib/portables/bl.v/bl_1");
        host.Symlink("/var/lib/portables/bl.v/bl_0", "/nonexistent");

        Assert.False(new ImageDiscovery(host.Layout, UpstreamBehavior.V262).TryFind(name, out _));
    }

    [Fact]
    public void TryFind_252_IgnoresVersionedDirectories()
    {
        using var host = new TestHost();
        host.CreateImage("/var/lib/portables/foo.v/foo_1");

        Assert.False(new ImageDiscovery(host.Layout, UpstreamBehavior.V252).TryFind("foo", out _));
    }

    [Fact]
    public void Discover_VersionedDirectories_ListedByNameWithPickedPath()
    {
        using var host = new TestHost();
        host.CreateImage("/var/lib/portables/foo.v/foo_1");
        host.CreateImage("/var/lib/portables/foo.v/foo_2");
        host.WriteFile("/var/lib/portables/bar.raw.v/bar_3.raw", "3");
        Directory.CreateDirectory(host.Host("/etc/portables/z.v"));
        host.CreateImage("/var/lib/portables/z.v/z_1");
        host.CreateImage("/var/lib/portables/y.raw.v/y_1");
        host.CreateImage("/var/lib/portables/m.mstack.v/m.mstack_1");
        Directory.CreateDirectory(host.Host("/var/lib/portables/empty.v"));

        IReadOnlyList<PortableImage> images = new ImageDiscovery(host.Layout, UpstreamBehavior.V262).Discover();

        Assert.Equal(
            ["bar=/var/lib/portables/bar.raw.v/bar_3.raw", "foo=/var/lib/portables/foo.v/foo_2", "z=/var/lib/portables/z.v/z_1"],
            images.Select(i => i.Name + "=" + i.Path));
    }

    [Theory]
    [InlineData("/srv/d.v", "d_1", "/srv/d.v/d_1")]
    [InlineData("/srv/d.v/", "d_1", "/srv/d.v/d_1")]
    [InlineData("/srv/x.v", "x_1", "/srv/x.v/x_1.raw")] // paths pick raw images in a plain .v too
    [InlineData("/srv/x2.v", "x2_2", "/srv/x2.v/x2_2.raw")]
    [InlineData("/srv/x3.v", "x3_2", "/srv/x3.v/x3_2")]
    public void FromPath_VersionedDirectory_PicksAnyImageType(string path, string name, string picked)
    {
        using var host = new TestHost();
        host.CreateImage("/srv/d.v/d_0");
        host.CreateImage("/srv/d.v/d_1");
        host.WriteFile("/srv/x.v/x_1.raw", "1");
        host.CreateImage("/srv/x2.v/x2_1");
        host.WriteFile("/srv/x2.v/x2_2.raw", "2");
        host.CreateImage("/srv/x3.v/x3_2");
        host.WriteFile("/srv/x3.v/x3_1.raw", "1");

        PortableImage image = new ImageDiscovery(host.Layout, UpstreamBehavior.V262).FromPath(path);

        Assert.Equal(name, image.Name);
        Assert.Equal(picked, image.Path);
    }

    [Theory]
    [InlineData("/srv/emp.v")]
    [InlineData("/srv/plain.v")] // an image itself, but a .v path is always picked from
    [InlineData("/srv/dr.raw.v")] // directories in a .raw.v are named dr.raw_*
    [InlineData("/srv/bl.v")]
    public void FromPath_NothingToPick_ThrowsEnoent(string path)
    {
        using var host = new TestHost();
        Directory.CreateDirectory(host.Host("/srv/emp.v"));
        host.CreateImage("/srv/plain.v");
        host.CreateImage("/srv/dr.raw.v/dr_1");
        host.CreateImage("/srv/bl.v/bl_1");
        host.Symlink("/srv/bl.v/bl_9", "/nonexistent");

        var e = Assert.Throws<ErrnoException>(() => new ImageDiscovery(host.Layout, UpstreamBehavior.V262).FromPath(path));

        Assert.Equal("No such file or directory", e.Message);
    }

    [Fact]
    public void FromPath_VersionedNameOnRegularFile_ThrowsBadImageType()
    {
        using var host = new TestHost();
        host.WriteFile("/srv/file.v", "x");

        Assert.Throws<BadImageTypeException>(() => new ImageDiscovery(host.Layout, UpstreamBehavior.V262).FromPath("/srv/file.v"));
    }

    [Fact]
    public void TryFind_NameEndingInSuffix_TypedAsEachReleaseDoes()
    {
        using var host = new TestHost();
        host.WriteFile("/var/lib/portables/file.raw", "not an image");
        host.CreateImage("/var/lib/portables/dir.raw");
        host.CreateImage("/var/lib/portables/tree.v");
        var v262 = new ImageDiscovery(host.Layout, UpstreamBehavior.V262);
        var v252 = new ImageDiscovery(host.Layout, UpstreamBehavior.V252);

        Assert.True(v262.TryFind("file.raw", out PortableImage? raw));
        Assert.Equal(("file.raw", "/var/lib/portables/file.raw", PortableImageType.Raw), (raw!.Name, raw.Path, raw.Type));
        Assert.False(v262.TryFind("dir.raw", out _));
        Assert.False(v262.TryFind("tree.v", out _));

        Assert.False(v252.TryFind("file.raw", out _));
        Assert.True(v252.TryFind("dir.raw", out PortableImage? dir));
        Assert.Equal(PortableImageType.Directory, dir!.Type);
    }

    // Read-only answers are asked once per mount in a listing (ReadOnlyMounts) and the immutable
    // attribute is read from statx: images on a read-only mount, and an immutable directory, are
    // read-only; the others beside them are not.
    [RequiresFact("root", "chattr")]
    public void Discover_ReadOnlyMountAndImmutableDirectory_AreReadOnly_OthersNot()
    {
        using var host = new TestHost();
        host.CreateImage("/var/lib/portables/plain");
        host.CreateImage("/var/lib/portables/frozen");
        host.CreateImage("/run/portables/mounted-dir");
        host.WriteFile("/run/portables/mounted-raw.raw", "raw");
        string frozen = host.Host("/var/lib/portables/frozen");
        string mounted = host.Host("/run/portables");
        ProcessRunner.RunChecked("chattr", "+i", frozen);
        ProcessRunner.RunChecked("mount", "--bind", mounted, mounted);
        try
        {
            ProcessRunner.RunChecked("mount", "-o", "remount,ro,bind", mounted);
            Dictionary<string, bool> readOnly = new ImageDiscovery(host.Layout, UpstreamBehavior.V262).Discover().ToDictionary(i => i.Name, i => i.ReadOnly);

            Assert.False(readOnly["plain"]);
            Assert.True(readOnly["frozen"]);
            Assert.True(readOnly["mounted-dir"]);
            Assert.True(readOnly["mounted-raw"]);
        }
        finally
        {
            ProcessRunner.Run("umount", [mounted]);
            ProcessRunner.Run("chattr", ["-i", frozen]);
        }
    }
}
