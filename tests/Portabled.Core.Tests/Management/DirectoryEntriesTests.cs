// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Management;
using Portabled.Testing;

namespace Portabled.Core.Tests.Management;

public sealed class DirectoryEntriesTests : IDisposable
{
    private readonly TempDirectory _dir = new("portabled-dirents");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ListNames_MixedEntries_SameNamesAsTheBcl()
    {
        Directory.CreateDirectory(Path.Join(_dir.Path, "sub"));
        File.WriteAllText(Path.Join(_dir.Path, "file.raw"), "x");
        File.CreateSymbolicLink(Path.Join(_dir.Path, "link"), "/nonexistent");
        File.WriteAllText(Path.Join(_dir.Path, "ünïcode"), "x");
        var names = new List<string>();

        int r = DirectoryEntries.ListNames(_dir.Path, 100, names, out bool truncated);

        Assert.Equal(0, r);
        Assert.False(truncated);
        Assert.Equal(Directory.EnumerateFileSystemEntries(_dir.Path).Select(Path.GetFileName), names);
    }

    [Fact]
    public void ListNames_MoreThanTheLimit_StopsThereAndSaysSo()
    {
        for (int i = 0; i < 40; i++)
        {
            File.WriteAllText(Path.Join(_dir.Path, $"f{i}"), "");
        }

        var names = new List<string>();

        int r = DirectoryEntries.ListNames(_dir.Path, 25, names, out bool truncated);

        Assert.Equal(0, r);
        Assert.True(truncated);
        Assert.Equal(25, names.Count);
    }

    [Fact]
    public void ListNames_ExactlyTheLimit_NotTruncated()
    {
        for (int i = 0; i < 3; i++)
        {
            File.WriteAllText(Path.Join(_dir.Path, $"f{i}"), "");
        }

        var names = new List<string>();

        Assert.Equal(0, DirectoryEntries.ListNames(_dir.Path, 3, names, out bool truncated));
        Assert.False(truncated);
        Assert.Equal(3, names.Count);
    }

    [Fact]
    public void ListNames_MissingOrAFile_NegativeErrno()
    {
        File.WriteAllText(Path.Join(_dir.Path, "file"), "");
        var names = new List<string>();

        Assert.Equal(-Errno.ENOENT, DirectoryEntries.ListNames(Path.Join(_dir.Path, "missing"), 10, names, out _));
        Assert.Equal(-Errno.ENOTDIR, DirectoryEntries.ListNames(Path.Join(_dir.Path, "file"), 10, names, out _));
        Assert.Empty(names);
    }
}
