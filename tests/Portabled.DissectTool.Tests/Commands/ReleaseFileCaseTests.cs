// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;
using Portabled.Testing.ReleaseFiles;

namespace Portabled.DissectTool.Tests.Commands;

/// <summary>
/// The tricky release files of tests/Portabled.Testing/ReleaseFiles, each a naked squashfs image: what
/// portabled-dissect --json=short shows as osRelease, and logs, equals what the real systemd-dissect 262
/// showed (golden-v262-dissect.txt, recorded by scripts/record-release-files) and what the host's
/// systemd-dissect shows (252 in CI) wherever that release agrees with 262. The daemon's side of the same
/// table is ReleaseFilesDifferentialTests in Portabled.Service.Tests.
/// </summary>
public class ReleaseFileCaseTests
{
    // The only case where 252 and 262 parse differently (systemd 254 changed comment continuation).
    private static readonly string[] s_differentBefore254 = ["comment-backslash"];

    public static TheoryData<string> Cases => ReleaseFileCases.Names;

    [RequiresTheory("mksquashfs")]
    [MemberData(nameof(Cases))]
    public void SummaryJson_ReleaseFileCase_OsReleaseLikeSystemdDissect262(string name)
    {
        Assert.Equal(ReleaseFileCases.Dissect262[name], Ours(name));
    }

    [RequiresTheory("mksquashfs", "root", "unshare", "systemd-dissect")]
    [MemberData(nameof(Cases))]
    public void SummaryJson_ReleaseFileCase_OsReleaseLikeHostSystemdDissect(string name)
    {
        DissectAnswer host = ReleaseFileCases.HostDissect[name];
        if (host != ReleaseFileCases.Dissect262[name])
        {
            // The host's release parses this case unlike 262: it must be the known difference, and we follow 262.
            Assert.Contains(name, s_differentBefore254);
            Assert.True(TestEnvironment.SystemdVersion("systemd-dissect") < 254);
            return;
        }

        Assert.Equal(host, Ours(name));
    }

    private static DissectAnswer Ours(string name)
    {
        ToolRun run = ToolRun.Invoke("--json=short", Path.Join(ReleaseFileCases.Images, name + ".raw"));
        Assert.Equal(0, run.ExitCode);
        return DissectAnswer.From(run.StandardOutput, run.StandardError);
    }
}
