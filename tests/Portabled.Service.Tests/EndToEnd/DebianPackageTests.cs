// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.EndToEnd;

/// <summary>
/// The .deb of packaging/build-deb installed on a real systemd 252 (scripts/boot, with Debian's
/// systemd-container): after dpkg -i, bus activation runs our binary as systemd-portabled.service,
/// under upstream's unit, and the real portablectl works against it.
/// </summary>
public sealed class DebianPackageTests : IClassFixture<RealPortabledSystem>
{
    private readonly RealPortabledSystem _system;

    public DebianPackageTests(RealPortabledSystem system)
    {
        _system = system;
    }

    [RequiresFact("root", "systemd-nspawn", "nsenter", "unshare", "portablectl", "dpkg-deb")]
    public void InstalledPackage_ServesPortablectlThroughSystemd()
    {
        // build-deb prints artifacts/NAME.deb; the container sees the checkout's artifacts/ at /artifacts.
        string deb = ProcessRunner.RunChecked(Path.Join(TestEnvironment.RepositoryRoot, "packaging", "build-deb")).Trim();
        string debPath = "/artifacts/" + Path.GetFileName(deb);

        ProcessResult install = _system.Shell($"dpkg -i '{debPath}' && systemctl daemon-reload && systemctl stop systemd-portabled.service");
        Assert.True(install.ExitCode == 0, install.StandardError + install.StandardOutput);

        ProcessResult list = _system.Exec("portablectl", "list");
        Assert.True(list.ExitCode == 0, list.StandardError);
        Assert.Contains("minimal-app directory no", list.StandardOutput, StringComparison.Ordinal);

        ProcessResult exe = _system.Shell("readlink /proc/$(systemctl show -P MainPID systemd-portabled.service)/exe");
        Assert.Equal("/usr/lib/portabled/portabled\n", exe.StandardOutput);
        Assert.Contains("MemoryDenyWriteExecute=yes", _system.Exec("systemctl", "show", "-p", "MemoryDenyWriteExecute", "systemd-portabled.service").StandardOutput,
            StringComparison.Ordinal);

        ProcessResult attach = _system.Exec("portablectl", "attach", "--now", "minimal-app");
        Assert.True(attach.ExitCode == 0, attach.StandardError);
        Assert.Equal("running\n", _system.Exec("portablectl", "is-attached", "minimal-app").StandardOutput);
        ProcessResult detach = _system.Exec("portablectl", "detach", "--now", "minimal-app");
        Assert.True(detach.ExitCode == 0, detach.StandardError);
        Assert.Equal("detached\n", _system.Exec("portablectl", "is-attached", "minimal-app").StandardOutput);
    }
}
