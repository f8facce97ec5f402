// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.FileSystems;

public sealed class ImagePathResolverTests
{
    [Theory]
    [InlineData(32, ImagePathResolver.MaxSymlinkHops, true)]
    [InlineData(33, ImagePathResolver.MaxSymlinkHops, false)]
    [InlineData(40, 40, true)]
    [InlineData(41, 40, false)]
    [InlineData(128, 128, true)]
    public void TryResolve_ChainOfLinks_FollowsUpToTheLimit(int links, int limit, bool resolves)
    {
        using var root = new TempDirectory("portabled-resolver");
        File.WriteAllText(root["target"], "x");
        string previous = "target";
        for (int i = 1; i <= links; i++)
        {
            File.CreateSymbolicLink(root[$"l{i}"], previous);
            previous = $"l{i}";
        }

        using var fs = new HostDirectoryFileSystem(root.Path);
        bool Resolve() => limit == ImagePathResolver.MaxSymlinkHops
            ? ImagePathResolver.TryResolve(fs, "/" + previous, followFinalSymlink: true, out _)
            : ImagePathResolver.TryResolve(fs, "/" + previous, followFinalSymlink: true, limit, out _);

        if (resolves)
        {
            Assert.True(Resolve());
        }
        else
        {
            Assert.Throws<SymbolicLinkLoopException>(() => Resolve());
        }
    }

    [Fact]
    public void TryResolve_NegativeLimit_Throws()
    {
        using var root = new TempDirectory("portabled-resolver");
        using var fs = new HostDirectoryFileSystem(root.Path);

        Assert.Throws<ArgumentOutOfRangeException>(() => ImagePathResolver.TryResolve(fs, "/", followFinalSymlink: true, -1, out _));
    }
}
