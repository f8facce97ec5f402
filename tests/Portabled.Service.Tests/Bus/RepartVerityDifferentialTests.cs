// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Security.Cryptography;
using Portabled.Testing;
using Portabled.Testing.Verity;

namespace Portabled.Service.Tests.Bus;

/// <summary>
/// Signed verity DDIs made by the real systemd-repart of 262 (erofs and squashfs roots), through the
/// real 262 portablectl (Scenarios/verity-repart.sh): the real 262 systemd-portabled and ours in 262
/// mode must print the same and leave the same files, the pinned RootImagePolicy= (signed) included.
/// The real daemon mounts the data partitions without dm-verity; ours reads them through the tree.
/// </summary>
public sealed class RepartVerityDifferentialTests
{
    private static readonly Lazy<string> s_images = new(BuildImages);

    [RequiresSystemd262Fact("root", "unshare", "dbus-daemon", "veritysetup", "mkfs.erofs", "mksquashfs", "openssl", "losetup")]
    public void RepartImages_TranscriptEqualsRealPortabled262()
    {
        string real = Run(UpstreamSystemd262.Daemon);
        string ours = Run(PortabledCommands.Daemon + " --idle-exit=infinity --upstream-version=262");

        foreach (string fs in RepartImage.FileSystems)
        {
            Assert.Contains($"\nRootImagePolicy=root=signed+read-only-on+growfs-off+{fs}:root-verity=read-only-on+growfs-off:root-verity-sig=read-only-on+growfs-off:=absent\n",
                real, StringComparison.Ordinal);
        }

        if (!string.Equals(real, ours, StringComparison.Ordinal))
        {
            string expectedFile = Path.Join(Path.GetTempPath(), "portabled-verity-repart.expected.txt");
            string actualFile = Path.Join(Path.GetTempPath(), "portabled-verity-repart.actual.txt");
            File.WriteAllText(expectedFile, real);
            File.WriteAllText(actualFile, ours);
            string diff = ProcessRunner.Run("diff", ["-u", expectedFile, actualFile]).StandardOutput;
            Assert.Fail("transcripts differ, first of the diff:\n" + string.Join('\n', diff.Split('\n').Take(150)));
        }
    }

    /// <summary>app_erofs.raw, app_squashfs.raw (a minimal portable service, app.service) and trusted.crt, once per run.</summary>
    private static string BuildImages()
    {
        var directory = new TempDirectory("portabled-verity-repart");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => directory.Dispose();
        string tree = directory["tree"];
        Directory.CreateDirectory(Path.Join(tree, "usr/lib/systemd/system"));
        Directory.CreateDirectory(Path.Join(tree, "etc"));
        File.WriteAllText(Path.Join(tree, "usr/lib/os-release"),
            "NAME=\"Minimal Portable\"\nID=minimal\nVERSION_ID=1\nPRETTY_NAME=\"Minimal Portable 1\"\nPORTABLE_PREFIXES=app\n");
        File.CreateSymbolicLink(Path.Join(tree, "etc/os-release"), "../usr/lib/os-release");
        File.WriteAllText(Path.Join(tree, "usr/lib/systemd/system/app.service"), "[Unit]\nDescription=app\n\n[Service]\nExecStart=/usr/bin/app\n");
        // Incompressible data, so that the tree has two levels.
        File.WriteAllBytes(Path.Join(tree, "usr/lib/payload.bin"), RandomNumberGenerator.GetBytes(1 << 20));
        foreach (string fs in RepartImage.FileSystems)
        {
            RepartImage.Build(directory[$"app_{fs}.raw"], tree, fs);
        }

        File.Copy(TestSigningKey.Trusted.CertificatePath, directory["trusted.crt"]);
        return directory.Path;
    }

    private static string Run(string daemon)
    {
        using var bin = new TempDirectory("portabled-verity-repart-bin");
        File.CreateSymbolicLink(Path.Join(bin.Path, "portablectl"), UpstreamSystemd262.Portablectl);
        string scenario = Path.Join(AppContext.BaseDirectory, "Scenarios", "verity-repart.sh");
        var environment = new Dictionary<string, string> { ["PATH"] = bin.Path + ":" + Environment.GetEnvironmentVariable("PATH") };
        ProcessResult r = ProcessRunner.Run(PortabledCommands.Sandbox,
            ["--daemon=" + daemon, "--stub-systemd1=" + PortabledCommands.StubSystemd1, "--", scenario, s_images.Value],
            environment: environment, timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, $"sandbox failed: {r.StandardError}");
        return Transcript.SortChanges(Transcript.Normalize(r.StandardOutput));
    }
}
