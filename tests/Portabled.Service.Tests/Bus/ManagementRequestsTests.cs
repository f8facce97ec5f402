// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics;
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>Image management over the bus: a removal runs off the bus thread and answers when it is done.</summary>
public sealed class ManagementRequestsTests : IDisposable
{
    private const int Directories = 200;
    private const int FilesPerDirectory = 500;

    // On tmpfs: a hundred thousand files are made (and removed) in seconds there, not minutes.
    private readonly TempDirectory _root = new("portabled-root", "/dev/shm");
    private readonly PrivateBus _bus = new();

    public void Dispose()
    {
        _bus.Dispose();
        _root.Dispose();
    }

    [RequiresFact("dbus-daemon", "busctl", "root")]
    public void RemoveImage_LargeTree_ListImagesAnsweredMeanwhile()
    {
        string image = _root["var/lib/portables/big"];
        Directory.CreateDirectory(Path.Join(image, "usr/lib"));
        File.WriteAllText(Path.Join(image, "usr/lib/os-release"), "ID=big\n");
        for (int d = 0; d < Directories; d++)
        {
            string dir = Path.Join(image, "tree", d.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            for (int f = 0; f < FilesPerDirectory; f++)
            {
                File.Create(Path.Join(dir, f.ToString(System.Globalization.CultureInfo.InvariantCulture))).Dispose();
            }
        }

        using var daemon = new DaemonProcess(_bus, "--root=" + _root.Path, "--idle-exit=infinity");
        // Started and answering before the removal: a first call racing the daemon's own start-up
        // could take longer than the whole removal on a busy machine.
        ProcessResult warm = _bus.Busctl("call", "org.freedesktop.portable1", "/org/freedesktop/portable1", "org.freedesktop.portable1.Manager", "ListImages");
        Assert.True(warm.ExitCode == 0, warm.StandardError);
        // A thread of its own: a pool thread could wait for the pool to grow before the call is even made.
        var removal = Task.Factory.StartNew(() => _bus.Busctl("--timeout=120", "call", "org.freedesktop.portable1", "/org/freedesktop/portable1",
            "org.freedesktop.portable1.Manager", "RemoveImage", "s", "big"), TaskCreationOptions.LongRunning);

        // While the tree goes, other calls are answered (upstream forks the removal off for the same reason).
        int answeredDuringRemoval = 0;
        var slowest = TimeSpan.Zero;
        while (!removal.IsCompleted)
        {
            var watch = Stopwatch.StartNew();
            ProcessResult list = _bus.Busctl("call", "org.freedesktop.portable1", "/org/freedesktop/portable1", "org.freedesktop.portable1.Manager", "ListImages");
            Assert.True(list.ExitCode == 0, list.StandardError);
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            if (!removal.IsCompleted)
            {
                answeredDuringRemoval++;
            }
        }

        Assert.True(removal.Result.ExitCode == 0, removal.Result.StandardError);
        Assert.False(Directory.Exists(image));
        Assert.True(answeredDuringRemoval > 0, "the removal finished before a second call could be made: make the tree larger");
        Assert.True(slowest < TimeSpan.FromSeconds(5), $"ListImages took {slowest} during the removal");
    }

    [RequiresFact("dbus-daemon", "busctl", "root")]
    public void RemoveImage_ImageObject_RemovesItAndAnswersEmpty()
    {
        Directory.CreateDirectory(_root["var/lib/portables/small/usr/lib"]);
        File.WriteAllText(_root["var/lib/portables/small/usr/lib/os-release"], "ID=small\n");
        File.WriteAllText(_root["var/lib/portables/small.roothash"], "00\n");
        using var daemon = new DaemonProcess(_bus, "--root=" + _root.Path, "--idle-exit=infinity", "--upstream-version=262");
        ProcessResult r = _bus.Busctl("call", "org.freedesktop.portable1", "/org/freedesktop/portable1/image/small", "org.freedesktop.portable1.Image", "Remove");
        Assert.True(r.ExitCode == 0, r.StandardError);
        Assert.Equal(string.Empty, r.StandardOutput);
        Assert.False(Directory.Exists(_root["var/lib/portables/small"]));
        Assert.False(File.Exists(_root["var/lib/portables/small.roothash"]));
        Assert.True(Directory.Exists(_root["run/systemd/nspawn/locks"]));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root["run/systemd/nspawn/locks"]));
    }
}
