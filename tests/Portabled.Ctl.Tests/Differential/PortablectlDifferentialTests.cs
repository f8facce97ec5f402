// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Ctl.Tests.Differential;

/// <summary>
/// Scenarios/everything.sh — every verb and option, errors included — and Scenarios/terminal.sh —
/// the same client on a pseudo-terminal: colours, widths, pager, glyphs —, Scenarios/bus.sh — the
/// messages it sends, flags included — and Scenarios/polkit.sh — the polkit text agent — run with the real 262
/// portablectl against the real 262 systemd-portabled are the reference; our client against the real
/// daemon, the real client against our daemon and our client against our daemon must print exactly
/// the same (stdout, stderr, exit codes), with and without systemd 262's EnqueueUnitJobMany().
/// </summary>
public sealed class PortablectlDifferentialTests
{
    private static readonly Dictionary<string, Lazy<string>> s_references = new()
    {
        ["everything.sh"] = new(() => Run("everything.sh", Peer.Upstream, Peer.Upstream, enqueueMany: false)),
        ["everything.sh many"] = new(() => Run("everything.sh", Peer.Upstream, Peer.Upstream, enqueueMany: true)),
        ["terminal.sh"] = new(() => Run("terminal.sh", Peer.Upstream, Peer.Upstream, enqueueMany: false)),
        ["bus.sh"] = new(() => Run("bus.sh", Peer.Upstream, Peer.Upstream, enqueueMany: false)),
        ["bus.sh many"] = new(() => Run("bus.sh", Peer.Upstream, Peer.Upstream, enqueueMany: true)),
        ["polkit.sh"] = new(() => Run("polkit.sh", Peer.Upstream, Peer.Upstream, enqueueMany: false)),
        ["remote.sh"] = new(() => Run("remote.sh", Peer.Upstream, Peer.Upstream, enqueueMany: false)),
    };

    [RequiresSystemd262Theory("root", "unshare", "dbus-daemon", "busctl", "python3", "ssh")]
    [InlineData("everything.sh", Peer.Ours, Peer.Upstream, false)]
    [InlineData("everything.sh", Peer.Upstream, Peer.Ours, false)]
    [InlineData("everything.sh", Peer.Ours, Peer.Ours, false)]
    [InlineData("everything.sh", Peer.Ours, Peer.Upstream, true)]
    [InlineData("everything.sh", Peer.Ours, Peer.Ours, true)]
    [InlineData("terminal.sh", Peer.Ours, Peer.Upstream, false)]
    [InlineData("terminal.sh", Peer.Upstream, Peer.Ours, false)]
    [InlineData("terminal.sh", Peer.Ours, Peer.Ours, false)]
    [InlineData("bus.sh", Peer.Ours, Peer.Upstream, false)]
    [InlineData("bus.sh", Peer.Ours, Peer.Upstream, true)]
    [InlineData("bus.sh", Peer.Ours, Peer.Ours, false)]
    [InlineData("polkit.sh", Peer.Ours, Peer.Upstream, false)]
    public void Scenario_Transcript_EqualsUpstreams(string scenario, Peer client, Peer daemon, bool enqueueMany)
    {
        string expected = s_references[scenario + (enqueueMany ? " many" : string.Empty)].Value;
        string actual = Run(scenario, client, daemon, enqueueMany);
        Assert.Contains("\n$ ", expected, StringComparison.Ordinal);
        CtlTranscript.AssertSame(expected, actual, $"{scenario}: {client} client, {daemon} daemon, EnqueueUnitJobMany {(enqueueMany ? "on" : "off")}");
    }

    /// <summary>
    /// Scenarios/remote.sh: -H over a real ssh to an sshd on localhost (a private network namespace,
    /// throw-away keys) whose systemd-stdio-bridge reaches the sandbox's bus, and -M to .host.
    /// </summary>
    [RequiresSystemd262Theory("root", "unshare", "dbus-daemon", "busctl", "ip", "ssh", "ssh-keygen", "sshd", "systemd-stdio-bridge")]
    [InlineData(Peer.Ours, Peer.Upstream)]
    [InlineData(Peer.Upstream, Peer.Ours)]
    [InlineData(Peer.Ours, Peer.Ours)]
    public void Remote_Transcript_EqualsUpstreams(Peer client, Peer daemon)
    {
        string expected = s_references["remote.sh"].Value;
        string actual = Run("remote.sh", client, daemon, enqueueMany: false);
        Assert.Contains("\n$ portablectl -H root@localhost list\n[stdout]\nNAME ", expected, StringComparison.Ordinal);
        CtlTranscript.AssertSame(expected, actual, $"remote.sh: {client} client, {daemon} daemon");
    }

    /// <summary>The comparison itself is sound: the reference run twice (another hash key in the daemon) compares equal.</summary>
    [RequiresSystemd262Fact("root", "unshare", "dbus-daemon", "busctl", "python3", "ssh")]
    public void Everything_UpstreamTwice_Equal()
    {
        CtlTranscript.AssertSame(s_references["everything.sh"].Value, Run("everything.sh", Peer.Upstream, Peer.Upstream, enqueueMany: false), "upstream twice");
    }

    private static string Run(string scenario, Peer client, Peer daemon, bool enqueueMany) =>
        CtlTranscript.Normalize(ScenarioRun.Run(scenario, client, daemon, enqueueMany));
}
