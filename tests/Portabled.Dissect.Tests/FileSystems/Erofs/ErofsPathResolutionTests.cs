// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.Erofs;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.FileSystems.Erofs;

[Collection(ErofsImageCollection.Name)]
public sealed class ErofsPathResolutionTests
{
    private readonly ErofsImageFixture _fixture;

    public ErofsPathResolutionTests(ErofsImageFixture fixture)
    {
        _fixture = fixture;
    }

    [RequiresTheory("mkfs.erofs", "root")]
    [InlineData("/etc/os-release", "/usr/lib/os-release")]
    [InlineData("etc/abs-os-release", "/usr/lib/os-release")]
    [InlineData("/etc/clamped-os-release", "/usr/lib/os-release")]
    [InlineData("/etc/self-dir/self-dir/os-release", "/usr/lib/os-release")]
    [InlineData("/../../usr/./lib/../lib/os-release", "/usr/lib/os-release")]
    [InlineData("/abs-link", "/usr/lib/os-release")]
    [InlineData("/rel-link", "/small")]
    [InlineData("/bigdir/entry-with-a-longish-name-1500", "/bigdir/entry-with-a-longish-name-1500")]
    [InlineData("/deep/level1/level2/level3/level4/level5/level6/level7/level8/level9/level10/level11/level12/level13/level14/level15/level16/level17/level18/level19/level20/level21/level22/level23/level24/level25/level26/level27/level28/level29/level30/level31/level32/level33/level34/level35/level36/level37/level38/level39/level40/file",
        "/deep/level1/level2/level3/level4/level5/level6/level7/level8/level9/level10/level11/level12/level13/level14/level15/level16/level17/level18/level19/level20/level21/level22/level23/level24/level25/level26/level27/level28/level29/level30/level31/level32/level33/level34/level35/level36/level37/level38/level39/level40/file")]
    public void TryResolve_SymlinksAndDotDot_ResolveInsideImage(string path, string canonical)
    {
        using ImageFile file = ImageFile.Open(_fixture.BigImage("lz4"));
        using var fs = new ErofsFileSystem(file.Whole);
        Assert.True(ImagePathResolver.TryResolve(fs, path, followFinalSymlink: true, out ResolvedPath resolved));
        Assert.Equal(canonical, resolved.CanonicalPath);
        Assert.Equal(FileType.RegularFile, resolved.Node.Type);
        using Stream s = fs.OpenRead(resolved.Node);
        byte[] expected = File.ReadAllBytes(Path.Join(_fixture.BigTree, canonical));
        var actual = new MemoryStream();
        s.CopyTo(actual);
        Assert.Equal(expected, actual.ToArray());
    }

    [RequiresTheory("mkfs.erofs", "root")]
    [InlineData("/dangling")]
    [InlineData("/etc/not-a-dir")]
    [InlineData("/small/child")]
    [InlineData("/no/such/path")]
    public void TryResolve_MissingOrNotADirectory_IsFalse(string path)
    {
        using ImageFile file = ImageFile.Open(_fixture.BigImage("default"));
        using var fs = new ErofsFileSystem(file.Whole);
        Assert.False(ImagePathResolver.TryResolve(fs, path, followFinalSymlink: true, out _));
    }

    [RequiresFact("mkfs.erofs", "root")]
    public void TryResolve_SymlinkLoop_ThrowsLoop()
    {
        using ImageFile file = ImageFile.Open(_fixture.BigImage("default"));
        using var fs = new ErofsFileSystem(file.Whole);
        Assert.Throws<SymbolicLinkLoopException>(() => ImagePathResolver.TryResolve(fs, "/etc/loop1", followFinalSymlink: true, out _));
    }

    [RequiresFact("mkfs.erofs", "root")]
    public void TryResolve_FinalSymlinkNotFollowed_ReturnsLink()
    {
        using ImageFile file = ImageFile.Open(_fixture.BigImage("default"));
        using var fs = new ErofsFileSystem(file.Whole);
        Assert.True(ImagePathResolver.TryResolve(fs, "/etc/os-release", followFinalSymlink: false, out ResolvedPath resolved));
        Assert.Equal(FileType.SymbolicLink, resolved.Node.Type);
        Assert.Equal("../usr/lib/os-release", fs.ReadSymbolicLink(resolved.Node));
        Assert.Equal("/etc/os-release", resolved.CanonicalPath);
    }

    [RequiresFact("mkfs.erofs", "root")]
    public void TryLookup_LongAndUnicodeNames_Found()
    {
        using ImageFile file = ImageFile.Open(_fixture.BigImage("default"));
        using var fs = new ErofsFileSystem(file.Whole);
        Assert.True(fs.TryLookup(fs.Root, new string('n', 254), out _));
        Assert.True(fs.TryLookup(fs.Root, "ünïcødé-名前", out FileSystemNode? unicode));
        using var reader = new StreamReader(fs.OpenRead(unicode!), Encoding.UTF8);
        Assert.Equal("u\n", reader.ReadToEnd());
        Assert.False(fs.TryLookup(fs.Root, "..", out _));
        Assert.False(fs.TryLookup(fs.Root, "a/b", out _));
        Assert.False(fs.TryLookup(fs.Root, string.Empty, out _));
    }
}
