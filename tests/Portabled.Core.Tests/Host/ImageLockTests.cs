// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Testing;

namespace Portabled.Core.Tests.Host;

public sealed class ImageLockTests : IDisposable
{
    private readonly TempDirectory _root = new("portabled-lock");
    private readonly HostLayout _layout;

    public ImageLockTests()
    {
        _layout = new HostLayout(_root.Path);
        Directory.CreateDirectory(_root["var/lib/portables/app"]);
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Exclusive_WhileHeld_LocalAndInodeLockFilesExistAndGoAfterwards()
    {
        string inode = ProcessRunner.RunChecked("stat", "-c", "%d:%i", _root["var/lib/portables/app"]).Trim();

        using (ImageLock.AcquireExclusive(_layout, "/var/lib/portables/app"))
        {
            Assert.True(File.Exists(_root["var/lib/portables/.#app.lck"]));
            Assert.True(File.Exists(_root["run/systemd/nspawn/locks/inode-" + inode]));
        }

        Assert.False(File.Exists(_root["var/lib/portables/.#app.lck"]));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root["run/systemd/nspawn/locks"]));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_root["run/systemd/nspawn/locks"]));
    }

    [Fact]
    public void Exclusive_HeldByAnotherOpenFile_EBusy()
    {
        using ImageLock first = ImageLock.AcquireExclusive(_layout, "/var/lib/portables/app");

        var e = Assert.Throws<ErrnoException>(() => ImageLock.AcquireExclusive(_layout, "/var/lib/portables/app"));

        Assert.Equal(Errno.EBUSY, e.Errno);
    }

    [Fact]
    public void AcquireShared_WhileExclusiveHeld_EBusy()
    {
        using ImageLock exclusive = ImageLock.AcquireExclusive(_layout, "/var/lib/portables/app");

        Assert.Equal(Errno.EBUSY, Assert.Throws<ErrnoException>(() => ImageLock.AcquireShared(_layout, "/var/lib/portables/app")).Errno);
    }

    [Fact]
    public void AcquireExclusive_WhileSharedHeld_EBusyAndTheSharedLockFilesStay()
    {
        using (ImageLock.AcquireShared(_layout, "/var/lib/portables/app"))
        {
            Assert.Equal(Errno.EBUSY, Assert.Throws<ErrnoException>(() => ImageLock.AcquireExclusive(_layout, "/var/lib/portables/app")).Errno);
            Assert.True(File.Exists(_root["var/lib/portables/.#app.lck"]));
        }

        Assert.False(File.Exists(_root["var/lib/portables/.#app.lck"]));
    }

    [Fact]
    public void Exclusive_Root_EBusy()
    {
        Assert.Equal(Errno.EBUSY, Assert.Throws<ErrnoException>(() => ImageLock.AcquireExclusive(_layout, "/")).Errno);
    }
}
