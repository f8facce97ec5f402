// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Ctl.Tests.Differential;

/// <summary>
/// Scenarios/user.sh — user scope with directory images: the user search directories, PORTABLE_SCOPE=
/// refusals, persistent and runtime attach, copies, profiles, --now/--enable on the user manager,
/// detach, and every file written under HOME and XDG_RUNTIME_DIR — run by an unprivileged user with
/// the real 262 portablectl against the real 262 systemd-portabled --user is the reference; our
/// daemon and our client in every combination must print exactly the same (docs/user-scope.md).
/// </summary>
public sealed class UserScopeDifferentialTests
{
    private static readonly Lazy<string> s_reference = new(() => Run(Peer.Upstream, Peer.Upstream));

    [RequiresSystemd262Theory("root", "unshare", "setpriv", "dbus-daemon", "busctl")]
    [InlineData(Peer.Upstream, Peer.Ours)]
    [InlineData(Peer.Ours, Peer.Upstream)]
    [InlineData(Peer.Ours, Peer.Ours)]
    public void UserScenario_Transcript_EqualsUpstreams(Peer client, Peer daemon)
    {
        string expected = s_reference.Value;
        Assert.Contains("portable scope 'system' incompatible with portabled runtime scope 'user'.", expected, StringComparison.Ordinal);
        Assert.Contains("/user.attached/userapp.service.d/20-portable.conf", expected, StringComparison.Ordinal);
        string actual = Run(client, daemon);
        CtlTranscript.AssertSame(expected, actual, $"{client} client, {daemon} daemon");
    }

    private static string Run(Peer client, Peer daemon) =>
        CtlTranscript.Normalize(UserScenarioRun.Run("user.sh", client, daemon, UserScenarioRun.UpstreamUserProfiles));
}
