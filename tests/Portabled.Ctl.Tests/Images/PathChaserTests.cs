// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Images;
using Portabled.Ctl.Interop;
using Portabled.Testing;

namespace Portabled.Ctl.Tests.Images;

public sealed class PathChaserTests : IDisposable
{
    private readonly TempDirectory _dir = new("portabled-chase");

    public PathChaserTests()
    {
        Directory.CreateDirectory(_dir["real/sub"]);
        File.WriteAllText(_dir["real/file"], "x");
        File.CreateSymbolicLink(_dir["abs"], _dir["real"]);
        File.CreateSymbolicLink(_dir["rel"], "real/sub/..");
        File.CreateSymbolicLink(_dir["loop"], "loop");
        File.CreateSymbolicLink(_dir["dangling"], "nowhere");
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("real", "real", false)]
    [InlineData("abs", "real", false)]
    [InlineData("rel", "real", false)]
    [InlineData("abs/sub/../file", "real/file", false)]
    [InlineData("./real/./sub", "real/sub", false)]
    [InlineData("real/", "real/", false)]
    [InlineData("real/missing/x", "real/missing/x", true)]
    [InlineData("real/missing/./x/", "real/missing/x/", true)]
    [InlineData("dangling", "nowhere", true)]
    public void Chase_ExistingOrAllowedMissing_ResolvedAbsolutePath(string path, string expected, bool allowMissing)
    {
        Assert.Equal(_dir[expected].TrimEnd('/') + (expected.EndsWith('/') ? "/" : string.Empty), PathChaser.Chase(_dir[path], allowMissing, out int errno));
        Assert.Equal(0, errno);
    }

    [Theory]
    [InlineData("real/missing", false, Errno.ENOENT)]
    [InlineData("real/missing/../x", true, Errno.ENOENT)]
    [InlineData("real/file/x", true, Errno.ENOTDIR)]
    [InlineData("loop", true, Errno.ELOOP)]
    public void Chase_Unresolvable_Errno(string path, bool allowMissing, int expected)
    {
        Assert.Null(PathChaser.Chase(_dir[path], allowMissing, out int errno));
        Assert.Equal(expected, errno);
    }

    [Fact]
    public void Chase_Empty_Einval()
    {
        Assert.Null(PathChaser.Chase(string.Empty, allowMissing: true, out int errno));
        Assert.Equal(Errno.EINVAL, errno);
    }
}
