// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Lint;
using Portabled.Core.Versions;
using Portabled.Testing;

namespace Portabled.Core.Tests.Lint;

/// <summary>
/// The lint's table of broken images, one per check (directories and raw images built by the real
/// tools), each producing exactly its check; and real-world-shaped clean images producing nothing.
/// </summary>
public class ImageLinterTests
{
    public enum Broken
    {
        NoRawSuffix,
        Garbage,
        NoOsRelease,
        OsReleaseWithNul,
        NoId,
        UserScope,
        ExtensionWithoutRelease,
        ExtensionOfOtherId,
        PrefixesWithoutName,
        UnitOfOtherPrefix,
        NoUnit,
        DanglingUnit,
        UnitWithRootDirectory,
        UnknownUser,
        MissingProgram,
        ForeignProgram,
        MissingInterpreter,
        SquashFsWithoutMachineId,
        SquashFsWithoutResolvConf,
        Ext4WithoutTmp,
        ErofsWithoutBindTarget,
        NakedVerityUnsigned,
        GptSquashFsWithoutReadOnlyFlag,
    }

    [RequiresTheory("mksquashfs", "mkfs.ext4", "mkfs.erofs", "veritysetup", "sfdisk")]
    [InlineData(Broken.NoRawSuffix, "image.name", "/tmp/img/app.img", "without the .raw suffix")]
    [InlineData(Broken.Garbage, "image.unreadable", "/tmp/img/app.raw", "Couldn't identify a suitable partition table or file system")]
    [InlineData(Broken.NoOsRelease, "os-release.missing", "/etc/os-release, /usr/lib/os-release", "has no os-release file")]
    [InlineData(Broken.OsReleaseWithNul, "os-release.unparseable", "os-release", "'Bad message'")]
    [InlineData(Broken.NoId, "os-release.id", "os-release: ID=", "has no ID=")]
    [InlineData(Broken.UserScope, "os-release.portable-scope", "os-release: PORTABLE_SCOPE=", "PORTABLE_SCOPE='user' is incompatible with the system scope")]
    [InlineData(Broken.ExtensionWithoutRelease, "extension-release.missing", "/tmp/img/app0: /usr/lib/extension-release.d/extension-release.app0", "no extension-release file")]
    [InlineData(Broken.ExtensionOfOtherId, "extension-release.mismatch", "/tmp/img/app0: extension-release.app0", "ID='other' is not the root's ID 'app'")]
    [InlineData(Broken.PrefixesWithoutName, "prefix.match-refused", "os-release: PORTABLE_PREFIXES=", "The match 'app' is not among PORTABLE_PREFIXES='foo'")]
    [InlineData(Broken.UnitOfOtherPrefix, "prefix.unit-skipped", "other.service", "does not match the prefix 'app'")]
    [InlineData(Broken.NoUnit, "unit.none", "unit files", "No unit file matches 'app'")]
    [InlineData(Broken.DanglingUnit, "unit.unreadable", "app-gone.service", "No such file or directory")]
    [InlineData(Broken.UnitWithRootDirectory, "unit.root-directory", "app.service: RootDirectory=", "sets RootDirectory=/srv/app")]
    [InlineData(Broken.UnknownUser, "unit.user-unknown", "app.service: User=", "User=appd, which the image's /etc/passwd does not have")]
    [InlineData(Broken.MissingProgram, "exec.missing", "app.service: ExecStart=", "starts '/usr/bin/appd'")]
    [InlineData(Broken.ForeignProgram, "elf.architecture", "app.service: ExecStart=", "an ELF program for arm64")]
    [InlineData(Broken.MissingInterpreter, "elf.interpreter", "app.service: ExecStart=", "its #! interpreter '/usr/bin/python3'")]
    [InlineData(Broken.SquashFsWithoutMachineId, "mount-point.machine-id", "/etc/machine-id", "BindReadOnlyPaths=/etc/machine-id")]
    [InlineData(Broken.SquashFsWithoutResolvConf, "mount-point.resolv-conf", "/etc/resolv.conf", "BindReadOnlyPaths=-/etc/resolv.conf")]
    [InlineData(Broken.Ext4WithoutTmp, "mount-point.api-vfs", "/tmp", "(PrivateTmp=yes)")]
    [InlineData(Broken.ErofsWithoutBindTarget, "mount-point.bind", "/srv/data", "BindReadOnlyPaths=/var/lib/app:/srv/data")]
    [InlineData(Broken.NakedVerityUnsigned, "image-policy.verity", "partition root", "262 pins RootImagePolicy=root=signed+squashfs:=absent")]
    [InlineData(Broken.GptSquashFsWithoutReadOnlyFlag, "image-policy.partition-flags", "partition root", "on GPT partition 1 (root) read-only (attribute 60) is not set")]
    public void Lint_BrokenImage_ExactlyItsCheck(Broken broken, string check, string subject, string phrase)
    {
        using TestHost host = LintImages.NewHost();
        LintRequest request = Build(host, broken);

        LintReport report = new ImageLinter(host.Layout, UpstreamBehavior.V262).Lint(request);

        LintFinding finding = Assert.Single(report.Findings);
        Assert.Equal((check, subject), (finding.Check.Id, finding.Subject));
        Assert.Contains(phrase, finding.Message, StringComparison.Ordinal);
        Assert.Contains(LintChecks.All, c => c == finding.Check);
    }

    [RequiresFact("mksquashfs", "mkfs.ext4", "mkfs.erofs", "sfdisk")]
    public void Lint_CleanTree_AsDirectoryAndEveryRawFormat_NothingFound()
    {
        using TestHost host = LintImages.NewHost();
        string tree = LintImages.Tree(host);
        string squashfs = host.Host("/.fs/app.squashfs");
        Directory.CreateDirectory(Path.GetDirectoryName(squashfs)!);
        ProcessRunner.RunChecked("mksquashfs", tree, squashfs, "-noappend", "-quiet", "-all-root", "-no-progress");
        string[] images =
        [
            LintImages.CopyDirectory(host, tree, "/tmp/img/app"),
            RawImages.SquashFs(host, tree, "/tmp/img/sq/app.raw"),
            RawImages.Ext4(host, tree, "/tmp/img/ext4/app.raw"),
            RawImages.Erofs(host, tree, "/tmp/img/erofs/app.raw"),
            RawImages.Gpt(host, squashfs, "/tmp/img/gpt/app.raw", RawImages.RootX86_64, attributes: "60"),
        ];

        foreach (string image in images)
        {
            Assert.Empty(Lint(host, new LintRequest(image)).Findings);
        }
    }

    private static LintReport Lint(TestHost host, LintRequest request) => new ImageLinter(host.Layout, UpstreamBehavior.V262).Lint(request);

    private static LintRequest Build(TestHost host, Broken broken)
    {
        string tree = LintImages.Tree(host);
        string unit = $"{tree}/usr/lib/systemd/system/app.service";
        var request = new LintRequest("/tmp/img/app");
        switch (broken)
        {
            case Broken.NoRawSuffix:
                RawImages.SquashFs(host, tree, "/tmp/img/app.img");
                return new LintRequest("/tmp/img/app.img");
            case Broken.Garbage:
                host.WriteFile("/tmp/img/app.raw", new string('x', 65536));
                return new LintRequest("/tmp/img/app.raw");
            case Broken.NoOsRelease:
                File.Delete($"{tree}/usr/lib/os-release");
                break;
            case Broken.OsReleaseWithNul:
                File.WriteAllText($"{tree}/usr/lib/os-release", "ID=app\nVERSION_ID=1\0\n");
                break;
            case Broken.NoId:
                File.WriteAllText($"{tree}/usr/lib/os-release", "NAME=App\nVERSION_ID=1\n");
                break;
            case Broken.UserScope:
                File.AppendAllText($"{tree}/usr/lib/os-release", "PORTABLE_SCOPE=user\n");
                break;
            case Broken.ExtensionWithoutRelease:
            case Broken.ExtensionOfOtherId:
                string extension = host.Host("/tmp/img/app0");
                Directory.CreateDirectory($"{extension}/usr/lib/extension-release.d");
                if (broken == Broken.ExtensionOfOtherId)
                {
                    File.WriteAllText($"{extension}/usr/lib/extension-release.d/extension-release.app0", "ID=other\nSYSEXT_SCOPE=portable\n");
                }

                request = request with { Extensions = ["/tmp/img/app0"] };
                break;
            case Broken.PrefixesWithoutName:
                File.AppendAllText($"{tree}/usr/lib/os-release", "PORTABLE_PREFIXES=foo\n");
                break;
            case Broken.UnitOfOtherPrefix:
                LintImages.Unit(tree, "other.service", "[Service]\nExecStart=/usr/bin/app\n");
                break;
            case Broken.NoUnit:
                File.Delete(unit);
                break;
            case Broken.DanglingUnit:
                File.CreateSymbolicLink($"{tree}/usr/lib/systemd/system/app-gone.service", "/nowhere/app-gone.service");
                break;
            case Broken.UnitWithRootDirectory:
                File.AppendAllText(unit, "RootDirectory=/srv/app\n");
                break;
            case Broken.UnknownUser:
                File.AppendAllText(unit, "User=appd\n");
                File.WriteAllText($"{tree}/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
                request = request with { Profile = "trusted" };
                break;
            case Broken.MissingProgram:
                LintImages.Unit(tree, "app.service", "[Service]\nExecStart=-/usr/bin/appd\n");
                break;
            case Broken.ForeignProgram:
                File.WriteAllBytes($"{tree}/usr/bin/app", LintImages.ElfHeader(183));
                break;
            case Broken.MissingInterpreter:
                File.Delete($"{tree}/usr/bin/app");
                File.WriteAllText($"{tree}/usr/bin/app", "#!/usr/bin/python3\nprint('hi')\n");
                break;
            case Broken.SquashFsWithoutMachineId:
                File.Delete($"{tree}/etc/machine-id");
                return new LintRequest(RawImages.SquashFs(host, tree, "/tmp/img/app.raw"));
            case Broken.SquashFsWithoutResolvConf:
                File.Delete($"{tree}/etc/resolv.conf");
                return new LintRequest(RawImages.SquashFs(host, tree, "/tmp/img/app.raw"));
            case Broken.Ext4WithoutTmp:
                Directory.Delete($"{tree}/tmp");
                return new LintRequest(RawImages.Ext4(host, tree, "/tmp/img/app.raw"));
            case Broken.ErofsWithoutBindTarget:
                File.AppendAllText(unit, "BindReadOnlyPaths=/var/lib/app:/srv/data\n");
                return new LintRequest(RawImages.Erofs(host, tree, "/tmp/img/app.raw"));
            case Broken.NakedVerityUnsigned:
                string raw = host.Host(RawImages.SquashFs(host, tree, "/tmp/img/app.raw"));
                ProcessResult format = ProcessRunner.Run("veritysetup", ["format", raw, raw[..^4] + ".verity"]);
                string rootHash = format.StandardOutput.Split('\n').First(l => l.StartsWith("Root hash:", StringComparison.Ordinal))[10..].Trim();
                File.WriteAllText(raw[..^4] + ".roothash", rootHash + "\n");
                return new LintRequest("/tmp/img/app.raw");
            case Broken.GptSquashFsWithoutReadOnlyFlag:
                string squashfs = host.Host("/.fs/app.squashfs");
                Directory.CreateDirectory(Path.GetDirectoryName(squashfs)!);
                ProcessRunner.RunChecked("mksquashfs", tree, squashfs, "-noappend", "-quiet", "-all-root", "-no-progress");
                return new LintRequest(RawImages.Gpt(host, squashfs, "/tmp/img/app.raw", RawImages.RootX86_64));
        }

        LintImages.CopyDirectory(host, tree, "/tmp/img/app");
        return request;
    }
}
