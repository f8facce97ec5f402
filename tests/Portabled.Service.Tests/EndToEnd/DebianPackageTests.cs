// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.EndToEnd;

/// <summary>
/// The .deb of packaging/build-deb installed on a real systemd 252 (scripts/boot, with Debian's
/// systemd-container): after dpkg -i, bus activation runs our binary as systemd-portabled.service,
/// under upstream's unit, and our portablectl (upstream's diverted aside) works against it, with our
/// man page; after dpkg -r upstream's portablectl, man page and daemon are back.
/// </summary>
public sealed class DebianPackageTests : IClassFixture<RealPortabledSystem>
{
    private readonly RealPortabledSystem _system;

    public DebianPackageTests(RealPortabledSystem system)
    {
        _system = system;
    }

    [RequiresFact("root", "systemd-nspawn", "nsenter", "unshare", "portablectl", "dpkg-deb")]
    public void InstalledPackage_ServesOurPortablectlThroughSystemd_RemovalRestoresUpstreams()
    {
        // build-deb prints artifacts/NAME.deb; the container sees the checkout's artifacts/ at /artifacts.
        string deb = ProcessRunner.RunChecked(Path.Join(TestEnvironment.RepositoryRoot, "packaging", "build-deb")).Trim();
        string debPath = "/artifacts/" + Path.GetFileName(deb);

        string upstreamVersion = _system.Exec("portablectl", "--version").StandardOutput;
        Assert.StartsWith("systemd 252 ", upstreamVersion, StringComparison.Ordinal);
        string ourVersion = ProcessRunner.RunChecked(Path.Join(TestEnvironment.RepositoryRoot, "artifacts", "bin", "portablectl"), "--version");

        ProcessResult install = _system.Shell($"dpkg -i '{debPath}' && systemctl daemon-reload && systemctl stop systemd-portabled.service");
        Assert.True(install.ExitCode == 0, install.StandardError + install.StandardOutput);

        // Ours on PATH (both /bin and /usr/bin: one directory on merged /usr), upstream's beside it.
        Assert.Equal(ourVersion, _system.Exec("portablectl", "--version").StandardOutput);
        Assert.Equal(0, _system.Shell("cmp /usr/bin/portablectl /artifacts/bin/portablectl && cmp /bin/portablectl /artifacts/bin/portablectl").ExitCode);
        Assert.Equal(upstreamVersion, _system.Exec("/usr/bin/portablectl.systemd", "--version").StandardOutput);
        Assert.Equal("/usr/share/man/man1/portablectl.1.gz\n", _system.Exec("man", "-w", "portablectl").StandardOutput);
        Assert.Equal(0, _system.Shell("zcat /usr/share/man/man1/portablectl.1.gz | grep -q \"This is Portabled's client\"").ExitCode);

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

        ProcessResult remove = _system.Shell("dpkg -r portabled && systemctl stop systemd-portabled.service");
        Assert.True(remove.ExitCode == 0, remove.StandardError + remove.StandardOutput);
        Assert.Equal(upstreamVersion, _system.Exec("portablectl", "--version").StandardOutput);
        Assert.Equal(string.Empty, _system.Exec("dpkg-divert", "--list", "portabled").StandardOutput);
        Assert.Equal(0, _system.Shell("test ! -e /usr/bin/portablectl.systemd && ! dpkg -V systemd-container | grep portablectl").ExitCode);
        ProcessResult listAgain = _system.Exec("portablectl", "list");
        Assert.True(listAgain.ExitCode == 0, listAgain.StandardError);
        Assert.Equal("/usr/lib/systemd/systemd-portabled\n",
            _system.Shell("readlink /proc/$(systemctl show -P MainPID systemd-portabled.service)/exe").StandardOutput);
    }
}
