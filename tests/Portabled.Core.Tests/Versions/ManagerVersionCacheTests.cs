// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Host;
using Portabled.Core.Versions;
using Portabled.Testing;

namespace Portabled.Core.Tests.Versions;

public sealed class ManagerVersionCacheTests : IDisposable
{
    private const string Key = "0123456789abcdef0123456789abcdef :1.7";
    private readonly TempDirectory _root = new("portabled-root");
    private readonly ManagerVersionCache _cache;

    public ManagerVersionCacheTests()
    {
        Directory.CreateDirectory(_root["run/systemd"]);
        _cache = new ManagerVersionCache(new HostLayout(_root.Path));
    }

    private string FilePath => _root["run/systemd/.portabled-version"];

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Remember_ThenFind_SameKey()
    {
        Assert.True(_cache.Remember(Key, "252.39-1~deb12u2"));
        Assert.Equal(Key + "\n252.39-1~deb12u2\n", File.ReadAllText(FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(FilePath));
        Assert.Equal("252.39-1~deb12u2", _cache.Find(Key));
        // Nothing but the file is left in the directory.
        Assert.Equal([FilePath], Directory.GetFileSystemEntries(_root["run/systemd"]));
    }

    [Fact]
    public void Find_OtherKey_IsNotFound()
    {
        _cache.Remember(Key, "262.1");
        Assert.Null(_cache.Find("0123456789abcdef0123456789abcdef :1.8"));
        Assert.Null(_cache.Find("fedcba9876543210fedcba9876543210 :1.7"));
    }

    [Fact]
    public void Remember_Again_ReplacesTheFile()
    {
        _cache.Remember(Key, "252.1");
        _cache.Remember("fedcba9876543210fedcba9876543210 :1.2", "262.1");
        Assert.Null(_cache.Find(Key));
        Assert.Equal("262.1", _cache.Find("fedcba9876543210fedcba9876543210 :1.2"));
    }

    [Fact]
    public void Find_NoFile_IsNotFound() => Assert.Null(_cache.Find(Key));

    [Fact]
    public void Remember_NoRunSystemd_WritesNothingAndCreatesNothing()
    {
        Directory.Delete(_root["run/systemd"]);
        Assert.False(_cache.Remember(Key, "262.1"));
        Assert.False(Directory.Exists(_root["run/systemd"]));
        Assert.Null(_cache.Find(Key));
    }

    [Theory]
    [InlineData("262.1\nextra")]
    [InlineData("262\u00e9")]
    [InlineData("")]
    public void Remember_VersionUnfitForALine_WritesNothing(string version)
    {
        Assert.False(_cache.Remember(Key, version));
        Assert.False(File.Exists(FilePath));
    }

    [Theory]
    [InlineData(Key + "\n262.1")]
    [InlineData(Key + "\n262.1\n\n")]
    [InlineData(Key + "\n\n")]
    [InlineData(Key + "\r\n262.1\n")]
    [InlineData(Key + "\n262\u00e9\n")]
    [InlineData(Key + "\n262.1\nmore\n")]
    public void Find_MalformedFile_IsNotFound(string text)
    {
        File.WriteAllText(FilePath, text);
        Assert.Null(_cache.Find(Key));
    }

    [Fact]
    public void Find_OversizedFile_IsNotFound()
    {
        File.WriteAllText(FilePath, Key + "\n" + new string('9', 600) + "\n");
        Assert.Null(_cache.Find(Key));
    }

    [Fact]
    public void Find_WritableByOthers_IsNotFound()
    {
        _cache.Remember(Key, "252.1");
        File.SetUnixFileMode(FilePath, File.GetUnixFileMode(FilePath) | UnixFileMode.OtherWrite);
        Assert.Null(_cache.Find(Key));
        File.SetUnixFileMode(FilePath, File.GetUnixFileMode(FilePath) & ~UnixFileMode.OtherWrite | UnixFileMode.GroupWrite);
        Assert.Null(_cache.Find(Key));
    }

    [Fact]
    public void Find_Symlink_IsNotFollowed()
    {
        string elsewhere = _root["elsewhere"];
        File.WriteAllText(elsewhere, Key + "\n252.1\n");
        File.CreateSymbolicLink(FilePath, elsewhere);
        Assert.Null(_cache.Find(Key));
    }

    [Fact]
    public void Remember_OverSymlink_ReplacesTheLinkNotItsTarget()
    {
        string elsewhere = _root["elsewhere"];
        File.WriteAllText(elsewhere, "precious\n");
        File.CreateSymbolicLink(FilePath, elsewhere);
        Assert.True(_cache.Remember(Key, "262.1"));
        Assert.Equal("precious\n", File.ReadAllText(elsewhere));
        Assert.Null(new FileInfo(FilePath).LinkTarget);
        Assert.Equal("262.1", _cache.Find(Key));
    }

    [Fact]
    public void Find_Directory_IsNotFound()
    {
        Directory.CreateDirectory(FilePath);
        Assert.Null(_cache.Find(Key));
        Assert.False(_cache.Remember(Key, "262.1"));
        Assert.Equal([_root["run/systemd/.portabled-version"]], Directory.GetFileSystemEntries(_root["run/systemd"]));
    }

    [RequiresFact("mkfifo")]
    public void Find_Fifo_DoesNotBlock()
    {
        ProcessRunner.RunChecked("mkfifo", FilePath);
        Assert.Null(_cache.Find(Key));
    }

    [RequiresFact("root", "chown")]
    public void Find_ForeignOwner_IsNotFound()
    {
        _cache.Remember(Key, "252.1");
        File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        ProcessRunner.RunChecked("chown", "65534", FilePath);
        Assert.Null(_cache.Find(Key));
    }
}
