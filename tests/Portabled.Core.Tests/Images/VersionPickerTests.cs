// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Images;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.HostDirectory;

namespace Portabled.Core.Tests.Images;

public class VersionPickerTests
{
    /// <summary>
    /// Picks observed on the real systemd-portabled 262 (x86-64). Entries are <c>TYPE:NAME</c>
    /// separated by <c>|</c>; TYPE is d (directory), f (regular file), b (block device) or
    /// x (cannot be resolved: dangling or looping symlink). anyType: the .v directory was given as a path.
    /// </summary>
    [Theory]
    [InlineData("foo.v", false, "d:foo_1.2|d:foo_1.10|d:foo_2+3-1|d:foo_3_arm64|d:foo_1.5|d:foo_2.5+0", "foo_2+3-1")]
    [InlineData("bar.raw.v", false, "f:bar_1.raw|f:bar_2_x86-64.raw|f:bar_3+0.raw|f:bar_2.5_arm64.raw", "bar_2_x86-64.raw")]
    [InlineData("baz.v", false, "d:baz_1|d:baz_1_x86|d:baz_1_x86-64", "baz_1_x86-64")]
    [InlineData("b.v", false, "d:b_1|d:b_1_x86", "b_1_x86")]
    [InlineData("qux.v", false, "d:qux_5+0|d:qux_4+0-3", "qux_5+0")]
    [InlineData("tri.v", false, "d:tri_2+1-5|d:tri_2+3|d:tri_2", "tri_2")]
    [InlineData("l.v", false, "d:l_2+1|d:l_2+2-9|d:l_2+2-3", "l_2+2-3")]
    [InlineData("h.v", false, "d:h_1+0|d:h_0.5", "h_0.5")]
    [InlineData("typ.v", false, "d:typ_1|f:typ_2", "typ_1")]
    [InlineData("arc.v", false, "d:arc_1_any|d:arc_2_foo|d:arc_0_x86-64", "arc_2_foo")]
    [InlineData("a.v", false, "d:a_1_zzz|d:a_1.5", "a_1.5")]
    [InlineData("ver.v", false, "d:ver_1 2|d:ver_1.a|d:ver_|d:ver_1~rc1", "ver_1.a")]
    [InlineData("c.v", false, "d:c_5+abc|d:c_4", "c_4")]
    [InlineData("c.v", false, "d:c_5+1-|d:c_4", "c_4")]
    [InlineData("c.v", false, "d:c_5+99999999999|d:c_4", "c_4")]
    [InlineData("u.v", false, "d:u_2+4294967295|d:u_1", "u_2+4294967295")]
    [InlineData("v^.v", false, "d:v^_2^1|d:v^_1", "v^_2^1")]
    [InlineData("v~.v", false, "d:v~_2~1|d:v~_1", "v~_2~1")]
    [InlineData("v_.v", false, "d:v__2_1|d:v__1", "v__2_1")]
    [InlineData("v,.v", false, "d:v,_2,1|d:v,_1", "v,_1")]
    [InlineData("v:.v", false, "d:v:_2:1|d:v:_1", "v:_1")]
    [InlineData("q.v", false, "d:q_2_1_x86-64|d:q_1", "q_1")]
    [InlineData("s.v", false, "d:s_1-2|d:s_1", "s_1-2")]
    [InlineData("u.v", false, "d:u_2A|d:u_1", "u_2A")]
    [InlineData("g.v", false, "d:g_1.0|d:g_1.00", "g_1.00")]
    [InlineData("o.v", false, "d:o_|d:o_1|d:o_1._x86-64", "o_1._x86-64")]
    [InlineData("m.v", false, "d:m_9+5_x86-64|d:m_1", "m_1")]
    [InlineData("n.v", false, "d:n_1+0_x86-64|d:n_0.1", "n_0.1")]
    [InlineData("k.v", false, "d:k_1.raw|f:k_2.raw", "k_1.raw")]
    [InlineData(".hid.v", false, "d:.hid_1", ".hid_1")]
    [InlineData("r.v", false, "d:r_", null)]
    [InlineData("y.raw.v", false, "d:y_1", null)]
    [InlineData("e.v", false, "", null)]
    [InlineData("bl.v", false, "d:bl_1|x:bl_9", null)]
    [InlineData("bl.v", false, "x:bl_0|d:bl_1", null)]
    [InlineData("bl.v", false, "d:bl_1|f:bl_9", "bl_1")]
    [InlineData("bl.v", false, "d:bl_1|x:other_9|x:bl-9", "bl_1")]
    [InlineData("bl.v", false, "d:bl_1|x:bl_9_arm64", "bl_1")] // entries are parsed before they are resolved
    [InlineData("bl.v", false, "d:bl_1|x:bl_9,1", "bl_1")]
    [InlineData("bl.v", false, "d:bl_1|x:bl_", "bl_1")]
    [InlineData("bl.v", false, "d:bl_1|x:bl_9+0", null)]
    [InlineData("bl.raw.v", false, "f:bl_1.raw|x:bl_2", "bl_1.raw")]
    [InlineData("raw.raw.v", false, "b:raw_1.raw|f:raw_0.raw", "raw_1.raw")]
    [InlineData("x.v", true, "f:x_1.raw", "x_1.raw")]
    [InlineData("x.v", true, "d:x_1|f:x_2.raw", "x_2.raw")]
    [InlineData("x.v", true, "d:x_2|f:x_1.raw", "x_2")]
    [InlineData("x.v", true, "d:x_1|f:x_1.raw", "x_1.raw")]
    [InlineData("x.v", true, "d:x_1|f:x_1+0.raw", "x_1")]
    [InlineData("x.v", true, "d:x_1_x86|f:x_1.raw", "x_1_x86")]
    [InlineData("dr.raw.v", true, "d:dr_1", null)]
    [InlineData("dr.raw.v", true, "d:dr.raw_1|f:dr_0.raw", "dr.raw_1")]
    public void Pick_Table_MatchesUpstream262(string directoryName, bool anyType, string entries, string? expected)
    {
        var types = new Dictionary<string, FileType?>(StringComparer.Ordinal);
        foreach (string item in entries.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            types.Add(item[2..], item[0] switch
            {
                'd' => FileType.Directory,
                'f' => FileType.RegularFile,
                'b' => FileType.BlockDevice,
                _ => null,
            });
        }

        VersionedEntry? picked = VersionPicker.Pick(types.Keys, VersionPicker.GetImageFilters(directoryName, anyType), "x86-64", n => types[n]);

        Assert.Equal(expected, picked?.FileName);
    }

    [Fact]
    public void Pick_Arm64Host_PrefersArm64ThenArm()
    {
        string[] names = ["foo_1", "foo_1_arm", "foo_1_arm64", "foo_2_x86-64"];

        VersionedEntry? picked = VersionPicker.Pick(names, [new PickFilter("foo", false)], "arm64", _ => FileType.Directory);

        Assert.Equal("foo_1_arm64", picked?.FileName);
    }

    [Fact]
    public void Pick_OnlyUnrelatedEntries_DoesNotResolveThem()
    {
        var asked = new List<string>();

        VersionedEntry? picked = VersionPicker.Pick(["other_1", "foo", "foo_", "foo_1_arm64"], [new PickFilter("foo", false)], "x86-64", n =>
        {
            asked.Add(n);
            return FileType.Directory;
        });

        Assert.Null(picked);
        Assert.Empty(asked);
    }

    [Theory]
    [InlineData("foo.v", false, "foo:dir")]
    [InlineData("foo.raw.v", false, "foo:raw")]
    [InlineData("foo.v", true, "foo:raw foo:dir")]
    [InlineData("foo.raw.v", true, "foo:raw foo.raw:dir")]
    [InlineData(".v", false, ":dir")]
    public void GetImageFilters_Table(string directoryName, bool anyType, string expected)
    {
        IReadOnlyList<PickFilter> filters = VersionPicker.GetImageFilters(directoryName, anyType);

        Assert.Equal(expected, string.Join(' ', filters.Select(f => f.BaseName + ":" + (f.Raw ? "raw" : "dir"))));
    }

    [Fact]
    public void GetImageFilters_NotVersioned_Throws()
    {
        Assert.Throws<ArgumentException>(() => VersionPicker.GetImageFilters("foo", false));
    }

    [Fact]
    public void TryPick_RealDirectory_PicksNewestOfWantedType()
    {
        using var host = new TestHost();
        foreach (string d in (string[])["foo_1.2", "foo_1.10", "foo_2+3-1", "foo_3_arm64", "foo_1.5", "foo_2.5+0", "foo_2.1_" + ForeignArchitecture])
        {
            Directory.CreateDirectory(host.Host("/var/lib/portables/foo.v/" + d));
        }

        host.WriteFile("/var/lib/portables/foo.v/foo_9", "a file, not a directory");
        host.WriteFile("/var/lib/portables/foo.v/bar_10", "another name");

        Assert.True(VersionPicker.TryPick(host.Layout, "/var/lib/portables/foo.v", VersionPicker.GetImageFilters("foo.v", false), out string path, out HostDirectoryNode? node));

        Assert.Equal("/var/lib/portables/foo.v/foo_2+3-1", path);
        Assert.Equal(FileType.Directory, node.Type);
        Assert.Equal(host.Host(path), node.HostPath);
    }

    [Fact]
    public void TryPick_RawFiles_PicksFileAndSkipsDirectories()
    {
        using var host = new TestHost();
        host.WriteFile("/var/lib/portables/bar.raw.v/bar_1.raw", "1");
        host.WriteFile("/var/lib/portables/bar.raw.v/bar_2_" + VersionPicker.HostArchitecture + ".raw", "2");
        host.WriteFile("/var/lib/portables/bar.raw.v/bar_3+0.raw", "3");
        Directory.CreateDirectory(host.Host("/var/lib/portables/bar.raw.v/bar_4.raw"));

        Assert.True(VersionPicker.TryPick(host.Layout, "/var/lib/portables/bar.raw.v", VersionPicker.GetImageFilters("bar.raw.v", false), out string path, out HostDirectoryNode? node));

        Assert.Equal("/var/lib/portables/bar.raw.v/bar_2_" + VersionPicker.HostArchitecture + ".raw", path);
        Assert.Equal(FileType.RegularFile, node.Type);
    }

    [Fact]
    public void TryPick_SymlinkedEntry_ReportsResolvedPath()
    {
        using var host = new TestHost();
        host.CreateImage("/srv/real1");
        host.CreateImage("/var/lib/portables/e.v/e_1");
        host.Symlink("/var/lib/portables/e.v/e_2", "/srv/real1");

        Assert.True(VersionPicker.TryPick(host.Layout, "/var/lib/portables/e.v", VersionPicker.GetImageFilters("e.v", false), out string path, out _));

        Assert.Equal("/srv/real1", path);
    }

    [Fact]
    public void TryPick_SymlinkToWrongType_IsSkipped()
    {
        using var host = new TestHost();
        host.WriteFile("/srv/regular", "x");
        Directory.CreateDirectory(host.Host("/var/lib/portables/s.v/s_1"));
        host.Symlink("/var/lib/portables/s.v/s_9", "/srv/regular");

        Assert.True(VersionPicker.TryPick(host.Layout, "/var/lib/portables/s.v", VersionPicker.GetImageFilters("s.v", false), out string path, out _));

        Assert.Equal("/var/lib/portables/s.v/s_1", path);
    }

    [Theory]
    [InlineData("/nonexistent")]
    [InlineData("l_3")]
    public void TryPick_UnresolvableMatchingEntry_Fails(string target)
    {
        using var host = new TestHost();
        Directory.CreateDirectory(host.Host("/var/lib/portables/l.v/l_1"));
        host.Symlink("/var/lib/portables/l.v/l_2", "l_1");
        host.Symlink("/var/lib/portables/l.v/l_3", target);

        Assert.False(VersionPicker.TryPick(host.Layout, "/var/lib/portables/l.v", VersionPicker.GetImageFilters("l.v", false), out string path, out HostDirectoryNode? node));

        Assert.Equal(string.Empty, path);
        Assert.Null(node);
    }

    [Fact]
    public void TryPick_UnresolvableUnrelatedEntry_IsIgnored()
    {
        using var host = new TestHost();
        Directory.CreateDirectory(host.Host("/var/lib/portables/l.v/l_1"));
        host.Symlink("/var/lib/portables/l.v/other_3", "/nonexistent");
        host.Symlink("/var/lib/portables/l.v/l_3_" + ForeignArchitecture, "/nonexistent");

        Assert.True(VersionPicker.TryPick(host.Layout, "/var/lib/portables/l.v", VersionPicker.GetImageFilters("l.v", false), out string path, out _));

        Assert.Equal("/var/lib/portables/l.v/l_1", path);
    }

    [Theory]
    [InlineData("/var/lib/portables/missing.v")]
    [InlineData("/var/lib/portables/file.v")]
    [InlineData("/var/lib/portables/empty.v")]
    public void TryPick_NoDirectoryOrEmpty_ReturnsFalse(string directory)
    {
        using var host = new TestHost();
        host.WriteFile("/var/lib/portables/file.v", "x");
        Directory.CreateDirectory(host.Host("/var/lib/portables/empty.v"));

        Assert.False(VersionPicker.TryPick(host.Layout, directory, VersionPicker.GetImageFilters(Path.GetFileName(directory), true), out _, out _));
    }

    [Fact]
    public void TryPick_SymlinkedVersionedDirectory_ReportsResolvedPath()
    {
        using var host = new TestHost();
        host.CreateImage("/srv/f.v/f_3");
        host.Symlink("/var/lib/portables/f.v", "/srv/f.v");

        Assert.True(VersionPicker.TryPick(host.Layout, "/var/lib/portables/f.v", VersionPicker.GetImageFilters("f.v", false), out string path, out _));

        Assert.Equal("/srv/f.v/f_3", path);
    }

    private static string ForeignArchitecture => VersionPicker.HostArchitecture == "arm64" ? "x86-64" : "arm64";
}
