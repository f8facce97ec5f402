// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Lint;
using Portabled.Core.Versions;
using Portabled.Testing;

namespace Portabled.Core.Tests.Lint;

/// <summary>
/// The image-policy prediction against the real thing: the policy Core pins at attach (262) is given to
/// the real 262 systemd-dissect with the same image (as PID 1 applies RootImagePolicy= at start), and
/// it refuses exactly the images the lint says PID 1 will refuse. Needs root and loop devices.
/// </summary>
public class ImagePolicyOracleTests
{
    public enum Layout
    {
        NakedWithTreeUnsigned,
        NakedSquashFs,
        GptSquashFs,
        GptSquashFsWithoutReadOnlyFlag,
        UnsignedDdi,
        UnsignedDdiWithoutReadOnlyFlags,
    }

    [RequiresSystemd262Theory("root", "mksquashfs", "sfdisk", "veritysetup")]
    [InlineData(Layout.NakedWithTreeUnsigned, "image-policy.verity")]
    [InlineData(Layout.NakedSquashFs, null)]
    [InlineData(Layout.GptSquashFs, null)]
    [InlineData(Layout.GptSquashFsWithoutReadOnlyFlag, "image-policy.partition-flags")]
    [InlineData(Layout.UnsignedDdi, null)]
    [InlineData(Layout.UnsignedDdiWithoutReadOnlyFlags, "image-policy.partition-flags")]
    public void Lint_PinnedPolicy_PredictsReal262Refusal(Layout layout, string? check)
    {
        using TestHost host = LintImages.NewHost();
        string image = Build(host, layout);
        host.Manager(UpstreamVersion.V262).Attach("/tmp/img/app.raw", [], ["app"], "default", "", 0);
        string pinned = host.ReadFile("/etc/systemd/system.attached/app.service.d/20-portable.conf").Split('\n')
            .Single(l => l.StartsWith("RootImagePolicy=", StringComparison.Ordinal))["RootImagePolicy=".Length..];

        ProcessResult real = ProcessRunner.Run(UpstreamSystemd262.SystemdDissect, [$"--image-policy={pinned}", image]);
        LintReport report = new ImageLinter(host.Layout, UpstreamBehavior.V262).Lint(new LintRequest("/tmp/img/app.raw"));

        bool refused = check is not null;
        Assert.Equal(refused, real.ExitCode != 0);
        Assert.Equal(refused, real.StandardError.Contains("Image does not match image policy", StringComparison.Ordinal));
        Assert.Equal(check is null ? [] : [check], report.Findings.Select(f => f.Check.Id).Distinct());
    }

    private static string Build(TestHost host, Layout layout)
    {
        string fs = host.Host("/.fs/app.squashfs");
        Directory.CreateDirectory(Path.GetDirectoryName(fs)!);
        ProcessRunner.RunChecked("mksquashfs", LintImages.Tree(host), fs, "-noappend", "-quiet", "-all-root", "-no-progress");
        using (var f = new FileStream(fs, FileMode.Open))
        {
            f.SetLength((f.Length + 4095) / 4096 * 4096);
        }

        string image = host.Host("/tmp/img/app.raw");
        Directory.CreateDirectory(Path.GetDirectoryName(image)!);
        switch (layout)
        {
            case Layout.GptSquashFs or Layout.GptSquashFsWithoutReadOnlyFlag:
                RawImages.Gpt(host, fs, "/tmp/img/app.raw", RawImages.RootX86_64, attributes: layout == Layout.GptSquashFs ? "60" : null);
                return image;
            case Layout.UnsignedDdi or Layout.UnsignedDdiWithoutReadOnlyFlags:
                string rootHash = Portabled.Testing.Verity.VeritySetup.Format(fs, fs + ".hash");
                Portabled.Testing.Verity.VerityDiskImage.Build(image, fs, fs + ".hash", rootHash);
                if (layout == Layout.UnsignedDdi)
                {
                    LintImages.SetReadOnly(image, 2);
                }

                return image;
        }

        File.Copy(fs, image);
        if (layout == Layout.NakedWithTreeUnsigned)
        {
            string rootHash = Portabled.Testing.Verity.VeritySetup.Format(image, image[..^4] + ".verity");
            File.WriteAllText(image[..^4] + ".roothash", rootHash + "\n");
        }

        return image;
    }
}
