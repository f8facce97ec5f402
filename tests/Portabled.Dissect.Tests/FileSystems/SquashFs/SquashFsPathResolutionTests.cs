// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.SquashFs;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.FileSystems.SquashFs;

[Collection(SquashFsCollection.Name)]
public sealed class SquashFsPathResolutionTests
{
    private readonly SquashFsImageFixture _fixture;

    public SquashFsPathResolutionTests(SquashFsImageFixture fixture)
    {
        _fixture = fixture;
    }

    [RequiresTheory("mksquashfs")]
    [InlineData("/etc/os-release", "/usr/lib/os-release")]
    [InlineData("etc/os-release", "/usr/lib/os-release")]
    [InlineData("/abs", "/usr/lib/os-release")]
    [InlineData("/up", "/usr/lib/os-release")]
    [InlineData("/../../etc/../usr/./lib/os-release", "/usr/lib/os-release")]
    [InlineData("/dirlink/systemd/system/app.service", "/usr/lib/systemd/system/app.service")]
    [InlineData("/sub/a/to-b/file-1", "/sub/b/file-1")]
    public void TryResolve_FollowsLinksInsideTheImage(string path, string canonical)
    {
        using ImageFile file = ImageFile.Open(_fixture.SmallImage(uncompressed: false));
        using var fs = SquashFsFileSystem.Open(file.Whole);

        Assert.True(ImagePathResolver.TryResolve(fs, path, followFinalSymlink: true, out ResolvedPath resolved));
        Assert.Equal(canonical, resolved.CanonicalPath);
        if (resolved.Node.Type == FileType.RegularFile)
        {
            using var reader = new StreamReader(fs.OpenRead(resolved.Node));
            Assert.NotEmpty(reader.ReadToEnd());
        }
    }

    [RequiresTheory("mksquashfs")]
    [InlineData("/loop1")]
    [InlineData("/self")]
    [InlineData("/loop2/x")]
    public void TryResolve_SymlinkLoop_Throws(string path)
    {
        using ImageFile file = ImageFile.Open(_fixture.SmallImage(uncompressed: false));
        using var fs = SquashFsFileSystem.Open(file.Whole);

        Assert.Throws<SymbolicLinkLoopException>(() => ImagePathResolver.TryResolve(fs, path, followFinalSymlink: true, out _));
    }

    [RequiresTheory("mksquashfs")]
    [InlineData("/missing")]
    [InlineData("/file-5k/below-a-file")]
    [InlineData("/etc/os-release/x")]
    public void TryResolve_Missing_ReturnsFalse(string path)
    {
        using ImageFile file = ImageFile.Open(_fixture.SmallImage(uncompressed: false));
        using var fs = SquashFsFileSystem.Open(file.Whole);

        Assert.False(ImagePathResolver.TryResolve(fs, path, followFinalSymlink: true, out _));
    }

    [RequiresFact("mksquashfs")]
    public void TryResolve_FinalSymlinkNotFollowed_ReturnsTheLink()
    {
        using ImageFile file = ImageFile.Open(_fixture.SmallImage(uncompressed: false));
        using var fs = SquashFsFileSystem.Open(file.Whole);

        Assert.True(ImagePathResolver.TryResolve(fs, "/etc/os-release", followFinalSymlink: false, out ResolvedPath resolved));
        Assert.Equal(FileType.SymbolicLink, resolved.Node.Type);
        Assert.Equal("../usr/lib/os-release", fs.ReadSymbolicLink(resolved.Node));
        Assert.Equal("/etc/os-release", resolved.CanonicalPath);
    }
}
