// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// A refused attach through the daemon: the caller gets upstream's exact error, and the daemon's log
/// (Information, no debug logging) says which lint check failed and why (docs/lint.md).
/// </summary>
public sealed class AttachExplanationTests : IDisposable
{
    private readonly TempDirectory _root = new("portabled-root");
    private readonly PrivateBus _bus = new();

    public void Dispose()
    {
        _bus.Dispose();
        _root.Dispose();
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void AttachImage_OsReleaseWithoutId_UpstreamErrorAndLintInLog()
    {
        string image = _root["var/lib/portables/noid"];
        Directory.CreateDirectory(Path.Join(image, "usr/lib/systemd/system"));
        File.WriteAllText(Path.Join(image, "usr/lib/os-release"), "NAME=NoId\n");
        File.WriteAllText(Path.Join(image, "usr/lib/systemd/system/noid.service"), "[Service]\nExecStart=/usr/bin/noid\n");
        Directory.CreateDirectory(_root["usr/lib/systemd/portable/profile/default"]);
        File.WriteAllText(_root["usr/lib/systemd/portable/profile/default/service.conf"], "[Service]\nDynamicUser=yes\n");
        using var daemon = new DaemonProcess(_bus, "--root=" + _root.Path, "--idle-exit=infinity", "--upstream-version=262");

        ProcessResult attach = _bus.Busctl("call", "org.freedesktop.portable1", "/org/freedesktop/portable1", "org.freedesktop.portable1.Manager",
            "AttachImage", "sassbs", "noid", "1", "noid", "default", "false", "");

        Assert.Equal((1, "Call failed: Image /var/lib/portables/noid os-release metadata lacks the ID field\n"), (attach.ExitCode, attach.StandardError));
        // The log line is written before the reply is sent; the test's reader of the daemon's stderr may lag: wait for it (bounded).
        string expected = "Attaching /var/lib/portables/noid failed (Image /var/lib/portables/noid os-release metadata lacks the ID field); " +
            "lint check os-release.id on os-release: ID=: os-release has no ID=";
        for (int i = 0; i < 500 && !daemon.Log.Contains(expected, StringComparison.Ordinal); i++)
        {
            Thread.Sleep(20);
        }

        Assert.Contains(expected, daemon.Log, StringComparison.Ordinal);
    }
}
