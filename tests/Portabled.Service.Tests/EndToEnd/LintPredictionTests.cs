// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Host;
using Portabled.Core.Lint;
using Portabled.Core.Versions;
using Portabled.Testing;

namespace Portabled.Service.Tests.EndToEnd;

/// <summary>
/// The lint's prediction of what PID 1 refuses, against a real systemd 252 booted in nspawn with the
/// real portabled and profiles: squashfs images missing a mount point the default profile needs attach
/// fine but fail at start with 226/NAMESPACE, exactly when the lint says so. The services are
/// Type=oneshot, so <c>systemctl start</c> returns only once PID 1 has run (or refused) them.
/// </summary>
public sealed class LintPredictionTests : IClassFixture<RealPortabledSystem>, IDisposable
{
    private readonly RealPortabledSystem _system;
    private readonly string _images = Path.Join(TestEnvironment.RepositoryRoot, "artifacts", $"lint-e2e-{Guid.NewGuid():N}");

    public LintPredictionTests(RealPortabledSystem system)
    {
        _system = system;
    }

    [RequiresTheory("root", "systemd-nspawn", "nsenter", "unshare", "portablectl", "mksquashfs", "busybox")]
    [InlineData("lintfull", "", null)]
    [InlineData("lintnomid", "etc/machine-id", "mount-point.machine-id")]
    [InlineData("lintnotmp", "tmp", "mount-point.api-vfs")]
    public void Start_ReadOnlyImage_FailsExactlyAsLintPredicts(string name, string remove, string? check)
    {
        string image = Build(name, remove);
        LintReport report = new ImageLinter(new HostLayout(), UpstreamBehavior.V252).Lint(new LintRequest(image));
        Assert.Equal(check is null ? [] : [check], report.Findings.Select(f => f.Check.Id));
        try
        {
            Assert.Equal(0, _system.Shell($"cp /artifacts/{Path.GetFileName(_images)}/{name}.raw /var/lib/portables/ && portablectl attach {name}").ExitCode);

            ProcessResult start = _system.Exec("systemctl", "start", $"{name}.service");
            ProcessResult status = _system.Exec("systemctl", "show", "-P", "ExecMainStatus", $"{name}.service");

            Assert.Equal(check is null, start.ExitCode == 0);
            Assert.Equal(check is null ? "0\n" : "226\n", status.StandardOutput);
        }
        finally
        {
            _system.Shell($"systemctl reset-failed {name}.service; portablectl detach {name}; rm -f /var/lib/portables/{name}.raw");
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_images))
        {
            Directory.Delete(_images, recursive: true);
        }
    }

    // A squashfs NAME.raw with everything the default profile needs, less REMOVE; NAME.service is a oneshot running busybox.
    private string Build(string name, string remove)
    {
        string tree = Path.Join(_images, name);
        foreach (string dir in (string[])["usr/lib/systemd/system", "usr/bin", "etc", "dev", "proc", "sys", "run", "tmp", "var/tmp"])
        {
            Directory.CreateDirectory(Path.Join(tree, dir));
        }

        File.WriteAllText(Path.Join(tree, "usr/lib/os-release"), $"ID={name}\nVERSION_ID=1\n");
        File.WriteAllText(Path.Join(tree, "etc/machine-id"), string.Empty);
        File.WriteAllText(Path.Join(tree, "etc/resolv.conf"), string.Empty);
        File.Copy("/bin/busybox", Path.Join(tree, "usr/bin/busybox"));
        File.WriteAllText(Path.Join(tree, $"usr/lib/systemd/system/{name}.service"), "[Service]\nType=oneshot\nExecStart=/usr/bin/busybox true\n");
        if (remove.Length > 0)
        {
            string path = Path.Join(tree, remove);
            if (Directory.Exists(path))
            {
                Directory.Delete(path);
            }
            else
            {
                File.Delete(path);
            }
        }

        string raw = Path.Join(_images, $"{name}.raw");
        ProcessRunner.RunChecked("mksquashfs", tree, raw, "-noappend", "-quiet", "-all-root", "-no-progress");
        return raw;
    }
}
