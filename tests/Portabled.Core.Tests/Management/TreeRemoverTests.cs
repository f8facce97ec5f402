// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Management;
using Portabled.Testing;

namespace Portabled.Core.Tests.Management;

public sealed class TreeRemoverTests : IDisposable
{
    private readonly TempDirectory _dir = new("portabled-rm");

    public void Dispose()
    {
        ProcessRunner.Run("chattr", ["-R", "-i", _dir.Path]);
        _dir.Dispose();
    }

    [Fact]
    public void Remove_SymlinksPointingOutOfTheTree_LinksGoTargetsStay()
    {
        string outside = _dir["outside"];
        Directory.CreateDirectory(Path.Join(outside, "dir"));
        File.WriteAllText(Path.Join(outside, "dir", "kept"), "x");
        File.WriteAllText(Path.Join(outside, "file"), "x");
        string tree = _dir["tree"];
        Directory.CreateDirectory(Path.Join(tree, "a/b"));
        File.CreateSymbolicLink(Path.Join(tree, "a/b/to-dir"), Path.Join(outside, "dir"));
        File.CreateSymbolicLink(Path.Join(tree, "a/to-file"), Path.Join(outside, "file"));
        File.CreateSymbolicLink(Path.Join(tree, "up"), "../..");
        File.CreateSymbolicLink(Path.Join(tree, "dangling"), "/nonexistent/x");

        Assert.Equal(0, TreeRemover.Remove(tree));

        Assert.False(Directory.Exists(tree));
        Assert.True(File.Exists(Path.Join(outside, "dir", "kept")));
        Assert.True(File.Exists(Path.Join(outside, "file")));
    }

    [Fact]
    public void Remove_PathIsSymlinkToDirectory_OnlyTheLinkGoes()
    {
        Directory.CreateDirectory(_dir["target/sub"]);
        File.CreateSymbolicLink(_dir["link"], _dir["target"]);

        Assert.Equal(0, TreeRemover.Remove(_dir["link"]));

        Assert.False(File.Exists(_dir["link"]) || Directory.Exists(_dir["link"]));
        Assert.True(Directory.Exists(_dir["target/sub"]));
    }

    [RequiresFact("root", "chattr")]
    public void Remove_ImmutableSubtree_FirstErrorIsEPermAndEverythingElseGoes()
    {
        string tree = _dir["tree"];
        Directory.CreateDirectory(Path.Join(tree, "frozen/deep"));
        File.WriteAllText(Path.Join(tree, "frozen/deep/file"), "x");
        File.WriteAllText(Path.Join(tree, "frozen/kept"), "x");
        Directory.CreateDirectory(Path.Join(tree, "other"));
        File.WriteAllText(Path.Join(tree, "other/file"), "x");
        ProcessRunner.RunChecked("chattr", "+i", Path.Join(tree, "frozen"));

        Assert.Equal(-Errno.EPERM, TreeRemover.Remove(tree));

        Assert.False(Directory.Exists(Path.Join(tree, "other")));
        Assert.False(File.Exists(Path.Join(tree, "frozen/deep/file")));
        Assert.True(File.Exists(Path.Join(tree, "frozen/kept")));
    }

    [RequiresFact("mkfifo")]
    public void Remove_NamesThatAreNotUtf8AndSpecialFiles_AreRemoved()
    {
        string tree = _dir["tree"];
        Directory.CreateDirectory(tree);
        ProcessRunner.Shell($"cd '{tree}' && mkdir $'dir\\xff' && touch $'dir\\xff/f\\xfe' && mkfifo fifo && touch -- '-rf' ' '");

        Assert.Equal(0, TreeRemover.Remove(tree));

        Assert.False(Directory.Exists(tree));
    }

    [Fact]
    public void Remove_Missing_ENoEnt()
    {
        Assert.Equal(-Errno.ENOENT, TreeRemover.Remove(_dir["missing"]));
    }

    [RequiresFact("python3")]
    public void Remove_DeeperThanTheBound_StopsThereWithELoopAndRemovesTheRest()
    {
        string tree = _dir["tree"];
        Directory.CreateDirectory(Path.Join(tree, "shallow"));
        // Relative mkdir/chdir: the whole path is far beyond PATH_MAX.
        ProcessRunner.RunChecked("python3", "-c",
            $"import os; os.chdir('{tree}')\nfor _ in range({TreeRemover.MaxDepth + 2}):\n    os.mkdir('d'); os.chdir('d')");

        Assert.Equal(-Errno.ELOOP, TreeRemover.Remove(tree));

        Assert.False(Directory.Exists(Path.Join(tree, "shallow")));
        Assert.True(Directory.Exists(Path.Join(tree, "d")));
        ProcessRunner.RunChecked("rm", "-rf", tree);
    }
}
