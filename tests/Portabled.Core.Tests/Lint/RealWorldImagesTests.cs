// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Lint;
using Portabled.Core.Versions;
using Portabled.Testing;
using Portabled.Testing.Verity;

namespace Portabled.Core.Tests.Lint;

/// <summary>
/// Images shaped like the ones people build (nixpkgs' portableService, a debootstrap tree, verity
/// DDIs, the sample images) lint clean: no false alarm from links into /nix/store, merged /usr,
/// programs found through PATH, users from /etc/passwd, verity layouts 262 pins correctly.
/// </summary>
public class RealWorldImagesTests
{
    [Fact]
    public void Lint_NixpkgsStyleImage_NothingFound()
    {
        using TestHost host = LintImages.NewHost();
        string root = host.Host("/tmp/img/nixapp");
        string store = $"{root}/nix/store/0a1b2c3d-nixapp-1.0";
        string bash = $"{root}/nix/store/9z8y7x-bash-5.2";
        foreach (string dir in (string[])[$"{store}/lib/systemd/system", $"{store}/bin", $"{store}/etc", $"{bash}/bin", $"{root}/etc/systemd/system",
            $"{root}/dev", $"{root}/proc", $"{root}/sys", $"{root}/run", $"{root}/tmp", $"{root}/var/tmp"])
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllText($"{store}/etc/os-release", "ID=nixos\nNAME=NixOS\nVERSION_ID=\"24.11\"\n");
        File.CreateSymbolicLink($"{root}/etc/os-release", "/nix/store/0a1b2c3d-nixapp-1.0/etc/os-release");
        File.Copy("/bin/busybox", $"{bash}/bin/bash");
        File.WriteAllText($"{store}/bin/nixapp", "#!/nix/store/9z8y7x-bash-5.2/bin/bash\nexec sleep infinity\n");
        File.WriteAllText($"{store}/lib/systemd/system/nixapp.service", "[Service]\nExecStart=/nix/store/0a1b2c3d-nixapp-1.0/bin/nixapp\n");
        File.CreateSymbolicLink($"{root}/etc/systemd/system/nixapp.service", "/nix/store/0a1b2c3d-nixapp-1.0/lib/systemd/system/nixapp.service");

        Assert.Empty(Lint(host, new LintRequest("/tmp/img/nixapp")).Findings);
    }

    [RequiresFact("mksquashfs")]
    public void Lint_DebootstrapLikeSquashFs_NothingFound()
    {
        using TestHost host = LintImages.NewHost();
        string tree = LintImages.Tree(host, "web");
        Directory.CreateDirectory($"{tree}/usr/lib/x86_64-linux-gnu");
        File.Delete($"{tree}/usr/lib/os-release");
        File.WriteAllText($"{tree}/usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n");
        File.CreateSymbolicLink($"{tree}/lib", "usr/lib");
        File.CreateSymbolicLink($"{tree}/sbin", "usr/sbin");
        File.WriteAllText($"{tree}/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n");
        File.WriteAllText($"{tree}/etc/group", "root:x:0:\nwww-data:x:33:\n");
        File.Delete($"{tree}/usr/lib/systemd/system/web.service");
        Directory.CreateDirectory($"{tree}/usr/lib/systemd/system");
        LintImages.Unit(tree, "web.service", "[Unit]\nDescription=web\n[Service]\nUser=www-data\nGroup=www-data\nExecStart=web \\\n  --port 8080\nExecStartPre=+/usr/bin/web --check\n");

        Assert.Empty(Lint(host, new LintRequest(RawImages.SquashFs(host, tree, "/tmp/img/web_12.raw")) { Profile = "trusted" }).Findings);
    }

    [RequiresTheory("mksquashfs", "sfdisk", "veritysetup", "openssl")]
    [InlineData(true)]
    [InlineData(false)]
    public void Lint_VerityDdi_NothingFound(bool signed)
    {
        using TestHost host = LintImages.NewHost();
        TestSigningKey.Trusted.Trust(host.Host("/etc/verity.d"));
        string fs = host.Host("/.fs/app.squashfs");
        Directory.CreateDirectory(Path.GetDirectoryName(fs)!);
        ProcessRunner.RunChecked("mksquashfs", LintImages.Tree(host), fs, "-noappend", "-quiet", "-all-root", "-no-progress");
        using (var f = new FileStream(fs, FileMode.Open))
        {
            f.SetLength((f.Length + 4095) / 4096 * 4096);
        }

        string rootHash = VeritySetup.Format(fs, fs + ".hash");
        string image = host.Host("/tmp/img/app.raw");
        Directory.CreateDirectory(Path.GetDirectoryName(image)!);
        string? json = signed ? $$"""{"rootHash":"{{rootHash}}","signature":"{{Convert.ToBase64String(TestSigningKey.Trusted.Sign(rootHash))}}"}""" : null;
        VerityDiskImage.Build(image, fs, fs + ".hash", rootHash, json);
        // systemd-repart marks squashfs, verity and signature partitions read-only (ReadOnly= defaults to on for them).
        LintImages.SetReadOnly(image, signed ? 3 : 2);

        Assert.Empty(Lint(host, new LintRequest("/tmp/img/app.raw")).Findings);
    }

    [RequiresTheory("mksquashfs")]
    [InlineData("minimal-app")]
    [InlineData("minimal-app.raw")]
    [InlineData("nixapp")]
    public void Lint_SampleImage_NoFailure(string image)
    {
        using TestHost host = LintImages.NewHost();
        ProcessRunner.RunChecked("cp", "-a", Path.Join(SampleImages.Directory, image), host.Host("/"));

        LintReport report = Lint(host, new LintRequest("/" + image));

        Assert.False(report.HasFailures, string.Join("\n", report.Findings.Select(f => $"{f.Check.Id} {f.Subject}: {f.Message}")));
    }

    private static LintReport Lint(TestHost host, LintRequest request) => new ImageLinter(host.Layout, UpstreamBehavior.V262).Lint(request);
}
