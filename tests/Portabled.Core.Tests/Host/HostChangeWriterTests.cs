// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Errors;
using Portabled.Core.Host;

namespace Portabled.Core.Tests.Host;

public sealed class HostChangeWriterTests
{
    // The /etc/portables link points at an image directory that exists: the rename into place must
    // move the link itself (File.Move would follow it and fail on the directory).
    [Fact]
    public void Symlink_ToExistingDirectory_IsCreatedAndReplaced()
    {
        using var host = new TestHost();
        string imageDir = Directory.CreateTempSubdirectory("portabled-image.").FullName;
        try
        {
            var writer = new HostChangeWriter(host.Layout);
            writer.EnsureDirectory("/etc/portables", recordChange: false);
            writer.Symlink("/etc/portables/app", imageDir, replace: false);
            Assert.Equal(imageDir, new FileInfo(host.Host("/etc/portables/app")).LinkTarget);
            Assert.Equal(new PortableChange(PortableChangeType.Symlink, "/etc/portables/app", imageDir), Assert.Single(writer.Changes));

            writer.Symlink("/etc/portables/app", "/elsewhere", replace: true);
            Assert.Equal("/elsewhere", new FileInfo(host.Host("/etc/portables/app")).LinkTarget);
            Assert.Single(Directory.EnumerateFileSystemEntries(host.Host("/etc/portables")));
        }
        finally
        {
            Directory.Delete(imageDir);
        }
    }

    [Fact]
    public void Symlink_ExistingWithoutReplace_Refused()
    {
        using var host = new TestHost();
        var writer = new HostChangeWriter(host.Layout);
        writer.EnsureDirectory("/etc/portables", recordChange: false);
        writer.Symlink("/etc/portables/app", "/a", replace: false);
        ErrnoException e = Assert.Throws<ErrnoException>(() => writer.Symlink("/etc/portables/app", "/b", replace: false));
        Assert.Equal(Errno.EEXIST, e.Errno);
        Assert.Equal(PortableErrorNames.FileExists, e.ErrorName);
        Assert.Equal("/a", new FileInfo(host.Host("/etc/portables/app")).LinkTarget);
        Assert.Single(Directory.EnumerateFileSystemEntries(host.Host("/etc/portables")));
    }

    [Fact]
    public void EnsureConfiguredDirectory_Missing_IsCreatedWithChange()
    {
        using var host = new TestHost();
        var writer = new HostChangeWriter(host.Layout);

        writer.EnsureConfiguredDirectory("/etc/systemd/system.attached");

        Assert.True(Directory.Exists(host.Host("/etc/systemd/system.attached")));
        Assert.Equal(new PortableChange(PortableChangeType.Mkdir, "/etc/systemd/system.attached", string.Empty), Assert.Single(writer.Changes));
    }

    [Fact]
    public void EnsureConfiguredDirectory_SymlinkToDirectory_IsUsedWithoutChange()
    {
        using var host = new TestHost();
        Directory.CreateDirectory(host.Host("/srv/attached"));
        host.Symlink("/etc/systemd/system.attached", host.Host("/srv/attached"));
        var writer = new HostChangeWriter(host.Layout);

        writer.EnsureConfiguredDirectory("/etc/systemd/system.attached");
        writer.EnsureDirectory("/etc/systemd/system.attached/app.service.d");

        Assert.True(Directory.Exists(host.Host("/srv/attached/app.service.d")));
        Assert.Equal(new PortableChange(PortableChangeType.Mkdir, "/etc/systemd/system.attached/app.service.d", string.Empty), Assert.Single(writer.Changes));
    }

    [Theory]
    [InlineData("dangling", Portabled.Core.Errors.Errno.ENOENT)]
    [InlineData("file", Portabled.Core.Errors.Errno.ENOTDIR)]
    [InlineData("link-to-file", Portabled.Core.Errors.Errno.ENOTDIR)]
    public void EnsureConfiguredDirectory_NotADirectory_ThrowsLikeTheFirstWrite(string kind, int errno)
    {
        using var host = new TestHost();
        host.WriteFile("/srv/file", "x");
        switch (kind)
        {
            case "dangling":
                host.Symlink("/etc/portables", host.Host("/srv/nowhere"));
                break;
            case "file":
                host.WriteFile("/etc/portables", "x");
                break;
            default:
                host.Symlink("/etc/portables", host.Host("/srv/file"));
                break;
        }

        var writer = new HostChangeWriter(host.Layout);

        var e = Assert.Throws<Portabled.Core.Errors.ErrnoException>(() => writer.EnsureConfiguredDirectory("/etc/portables", recordChange: false));

        Assert.Equal(errno, e.Errno);
        Assert.Empty(writer.Changes);
    }

    // Inside the configured directories nothing is followed.
    [Fact]
    public void EnsureDirectory_DropInDirectoryIsSymlink_ThrowsELOOP()
    {
        using var host = new TestHost();
        Directory.CreateDirectory(host.Host("/srv/elsewhere"));
        host.Symlink("/etc/systemd/system.attached/app.service.d", host.Host("/srv/elsewhere"));
        var writer = new HostChangeWriter(host.Layout);

        var e = Assert.Throws<Portabled.Core.Errors.ErrnoException>(() => writer.EnsureDirectory("/etc/systemd/system.attached/app.service.d"));

        Assert.Equal(Portabled.Core.Errors.Errno.ELOOP, e.Errno);
    }
}
