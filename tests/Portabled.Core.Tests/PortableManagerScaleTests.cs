// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Images;
using Portabled.Core.State;
using Portabled.Core.Versions;

namespace Portabled.Core.Tests;

/// <summary>
/// ListImages with thousands of images (functional, not timed: the timings are bench/daemon's):
/// every image comes back once, sorted by name as upstream sorts (byte order), the first directory
/// of the search path wins, symlinked entries are resolved, and each image's state comes from one
/// read of the attached directories that is the same as asking for that image alone.
/// </summary>
public class PortableManagerScaleTests
{
    private const int EachKind = 1500;

    [Theory]
    [InlineData(UpstreamVersion.V252)]
    [InlineData(UpstreamVersion.V262)]
    public void ListImages_ThousandsOfImages_AllSortedWithTheirStates(UpstreamVersion version)
    {
        using var host = new TestHost();
        // Created in an order unlike the sorted one; directories and raw files mixed.
        for (int i = EachKind - 1; i >= 0; i--)
        {
            Directory.CreateDirectory(host.Host($"/var/lib/portables/dir-{i:D4}"));
            host.WriteFile($"/var/lib/portables/raw-{i:D4}.raw", "x");
        }

        // A symlinked image, a name that /etc/portables shadows, and entries that are no image.
        host.CreateImage("/srv/elsewhere/linked");
        host.Symlink("/var/lib/portables/linked", "/srv/elsewhere/linked");
        host.CreateImage("/etc/portables/dir-0007");
        host.WriteFile("/var/lib/portables/notes.txt", "x");
        host.Symlink("/var/lib/portables/dangling", "/nowhere");
        for (int i = 0; i < 40; i++)
        {
            PortableManagerStateTests.AttachFake(host, "/etc/systemd/system.attached", $"dir-{i * 25:D4}.service", $"/var/lib/portables/dir-{i * 25:D4}");
        }

        PortableManager manager = host.Manager(version);

        IReadOnlyList<ImageListEntry> list = manager.ListImages();

        string[] expected = [.. Enumerable.Range(0, EachKind).SelectMany(i => (string[])[$"dir-{i:D4}", $"raw-{i:D4}"]).Append("linked").Order(StringComparer.Ordinal)];
        Assert.Equal(expected, list.Select(e => e.Image.Name));
        Assert.Equal("/etc/portables/dir-0007", list.Single(e => e.Image.Name == "dir-0007").Image.Path);
        Assert.Equal("/var/lib/portables/raw-1234.raw", list.Single(e => e.Image.Name == "raw-1234").Image.Path);
        Assert.Equal(PortableImageType.Raw, list.Single(e => e.Image.Name == "raw-1234").Image.Type);
        Assert.Equal(version == UpstreamVersion.V262 ? "/srv/elsewhere/linked" : "/var/lib/portables/linked", list.Single(e => e.Image.Name == "linked").Image.Path);
        Assert.Equal(40, list.Count(e => e.State == "attached"));
        Assert.All(list.Where((e, i) => i % 50 == 0 || e.State != "detached"), e => Assert.Equal(e.State, StateOf(manager, e.Image.Path)));
    }

    private static string StateOf(PortableManager manager, string path) => PortableStates.ToWire(manager.GetState(path, [], 0));
}
