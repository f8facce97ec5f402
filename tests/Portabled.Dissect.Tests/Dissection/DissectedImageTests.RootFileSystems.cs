// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Dissection;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Tests.Fixtures;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.Dissection;

/// <summary>
/// End to end: a GPT image whose DPS root-x86-64 partition holds squashfs, ext4 or erofs is
/// dissected, its root read through the registered reader, and the whole tree (types, modes,
/// owners, sizes, link targets, content hashes) compared with the kernel's view of the same
/// partition (loop mount at the partition's offset and size).
/// </summary>
public partial class DissectedImageTests
{
    [RequiresTheory("sfdisk", "mksquashfs", "mke2fs", "mkfs.erofs")]
    [InlineData("squashfs")]
    [InlineData("ext4")]
    [InlineData("erofs")]
    public void Open_GptRootFileSystem_RootSelectedWithItsType(string fileSystemType)
    {
        GptRootImage gpt = GptRootImages.Get(fileSystemType);

        using DissectedImage image = DissectedImage.Open(gpt.Path, new DissectionOptions { Architecture = "x86-64" });

        DissectedPartition root = Assert.IsType<DissectedPartition>(image.Root);
        Assert.Equal("root-x86-64", root.TypeName);
        Assert.Equal("root-" + fileSystemType, root.Label);
        Assert.Equal(2, root.PartitionNumber);
        Assert.Equal(gpt.RootOffset, root.Offset);
        Assert.Equal(gpt.RootSize, root.Size);
        Assert.Equal(fileSystemType, root.FileSystemType);
        Assert.Equal("x86-64", image.Architecture);
        Assert.Null(image.Selected[PartitionDesignator.Esp].FileSystemType);
    }

    [RequiresTheory("sfdisk", "mksquashfs", "mke2fs", "mkfs.erofs", "unshare", "root")]
    [InlineData("squashfs")]
    [InlineData("ext4")]
    [InlineData("erofs")]
    public void OpenRootFileSystem_GptRootFileSystem_MatchesKernel(string fileSystemType)
    {
        GptRootImage gpt = GptRootImages.Get(fileSystemType);
        IReadOnlyList<string> kernel = KernelOracle.List(gpt.Path, gpt.RootOffset, gpt.RootSize, fileSystemType);

        using DissectedImage image = DissectedImage.Open(gpt.Path);
        using IReadOnlyFileSystem fs = image.OpenRootFileSystem();

        Assert.Equal(string.Join('\n', kernel), string.Join('\n', FileSystemListing.FromFileSystem(fs)));
        Assert.Contains(kernel, l => l.StartsWith("usr/share/many/entry-300\t", StringComparison.Ordinal));
        Assert.True(ImagePathResolver.TryResolve(fs, "/etc/os-release", true, out ResolvedPath resolved));
        Assert.Equal("/usr/lib/os-release", resolved.CanonicalPath);
    }
}
