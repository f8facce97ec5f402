// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// Without polkit on the bus, what upstream guards with polkit is refused for non-root callers with
/// upstream's AccessDenied (a missing polkit counts as "no"); what upstream leaves open stays open.
/// </summary>
public sealed class AuthorizationTests : IDisposable
{
    private readonly TempDirectory _root = new("portabled-root");
    private readonly PrivateBus _bus = new();
    private readonly DaemonProcess _daemon;

    public AuthorizationTests()
    {
        Directory.CreateDirectory(_root["var/lib/portables"]);
        ProcessRunner.RunChecked("cp", "-a", Path.Join(SampleImages.Directory, "minimal-app"), _root["var/lib/portables/minimal-app"]);
        _daemon = new DaemonProcess(_bus, "--root=" + _root.Path, "--idle-exit=infinity");
    }

    public void Dispose()
    {
        _daemon.Dispose();
        _bus.Dispose();
        _root.Dispose();
    }

    [RequiresTheory("dbus-daemon", "busctl", "setpriv", "root")]
    [InlineData("AttachImage", "sassbs", "minimal-app", "0", "default", "false", "")]
    [InlineData("DetachImage", "sb", "minimal-app", "false")]
    [InlineData("GetImageOSRelease", "s", "/var/lib/portables/minimal-app")]
    [InlineData("RemoveImage", "s", "minimal-app")]
    [InlineData("SetPoolLimit", "t", "1000")]
    public void GuardedMethod_AsNobody_AccessDenied(string method, string signature, params string[] arguments)
    {
        ProcessResult r = AsNobody(["call", "org.freedesktop.portable1", "/org/freedesktop/portable1", "org.freedesktop.portable1.Manager", method, signature, .. arguments]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Access denied", r.StandardError, StringComparison.Ordinal);
    }

    [RequiresTheory("dbus-daemon", "busctl", "setpriv", "root")]
    [InlineData("ListImages", "")]
    [InlineData("GetImageOSRelease", "s", "minimal-app")]
    [InlineData("GetImageState", "s", "minimal-app")]
    public void OpenMethod_AsNobody_Answers(string method, string signature, params string[] arguments)
    {
        string[] call = ["call", "org.freedesktop.portable1", "/org/freedesktop/portable1", "org.freedesktop.portable1.Manager", method];
        ProcessResult r = AsNobody(signature.Length == 0 ? call : [.. call, signature, .. arguments]);
        Assert.True(r.ExitCode == 0, r.StandardError);
    }

    private ProcessResult AsNobody(string[] busctl) =>
        ProcessRunner.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "busctl", "--address=" + _bus.Address, .. busctl]);
}
