// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Xml.Linq;
using Portabled.Testing;

namespace Portabled.Service.Tests.Systemd;

/// <summary>
/// <c>systemd/org.freedesktop.portable1.conf</c> (262's rules) and <c>systemd/252/…</c> (252's): the same
/// rules as the real files, and what dbus-daemon makes of them.
/// </summary>
public class DBusPolicyTests
{
    private const string DebianPolicy = "/usr/share/dbus-1/system.d/org.freedesktop.portable1.conf";

    // What 262 lets everybody send beyond 252's list (read from systemd 262.1's file); the Manager's
    // DetachImageWithExtensions is missing there too.
    private static readonly string[] s_added262 =
    [
        "Manager.GetImageMetadataWithExtensions", "Manager.GetImageStateWithExtensions", "Manager.AttachImageWithExtensions",
        "Manager.ReattachImageWithExtensions", "Image.GetMetadataWithExtensions", "Image.GetStateWithExtensions",
        "Image.AttachWithExtensions", "Image.DetachWithExtensions", "Image.ReattachWithExtensions",
    ];

    private static string Ours262 => Path.Join(TestEnvironment.RepositoryRoot, "systemd", "org.freedesktop.portable1.conf");

    private static string Ours252 => Path.Join(TestEnvironment.RepositoryRoot, "systemd", "252", "org.freedesktop.portable1.conf");

    [RequiresFact(DebianPolicy)]
    public void Policy252_RulesEqualSystemdContainer252s()
    {
        Assert.Equal(Rules(DebianPolicy), Rules(Ours252));
    }

    [Fact]
    public void Policy262_Is252sPlusTheWithExtensionsMethodsExceptManagerDetach()
    {
        IReadOnlyList<string> added = Rules(Ours262).Except(Rules(Ours252)).ToList();
        Assert.Equal(s_added262.Select(m =>
            $"default allow send_destination=org.freedesktop.portable1 send_interface=org.freedesktop.portable1.{m.Split('.')[0]} send_member={m.Split('.')[1]}"), added);
        Assert.Empty(Rules(Ours252).Except(Rules(Ours262)));
    }

    [RequiresTheory("dbus-daemon", "dbus-send", "setpriv", "root")]
    [InlineData("ListImages", "", true)]
    [InlineData("GetImageMetadataWithExtensions", "string:x array:string: array:string: uint64:0", true)]
    [InlineData("DetachImageWithExtensions", "string:x array:string: uint64:0", false)]
    [InlineData("DetachImage", "string:x boolean:false", true)]
    public void Policy262_UnderDbusDaemon_LetsNobodySendWhatItLists(string method, string arguments, bool delivered)
    {
        using var root = new TempDirectory("portabled-root");
        Directory.CreateDirectory(root["var/lib/portables"]);
        using var bus = new PrivateBus(policyFile: Ours262);
        using var daemon = new DaemonProcess(bus, "--root=" + root.Path, "--idle-exit=infinity", "--upstream-version=262");

        string[] call = ["--reuid=65534", "--regid=65534", "--clear-groups", "dbus-send", "--bus=" + bus.Address, "--print-reply",
            "--dest=org.freedesktop.portable1", "/org/freedesktop/portable1", "org.freedesktop.portable1.Manager." + method];
        ProcessResult r = ProcessRunner.Run("setpriv", arguments.Length == 0 ? call : [.. call, .. arguments.Split(' ')]);

        // The bus's own refusal names the rule; anything else came from the daemon.
        Assert.Equal(!delivered, r.StandardError.Contains("Rejected send message", StringComparison.Ordinal));
    }

    // Each <allow>/<deny> as "context verb attr=value…" (attributes sorted), in file order.
    private static IReadOnlyList<string> Rules(string file) =>
        XDocument.Load(file).Root!.Elements("policy")
            .SelectMany(p => p.Elements().Select(rule =>
                $"{(string?)p.Attribute("context") ?? "user=" + (string?)p.Attribute("user")} {rule.Name.LocalName} " +
                string.Join(' ', rule.Attributes().OrderBy(a => a.Name.LocalName, StringComparer.Ordinal).Select(a => $"{a.Name.LocalName}={a.Value}"))))
            .ToList();
}
