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
}
