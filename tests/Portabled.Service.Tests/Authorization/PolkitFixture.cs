// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.Authorization;

/// <summary>
/// Our daemon (<c>--root=</c> a scratch tree) and the real polkitd on one private system bus, shared by
/// a test class. polkit's rules allow each of the three portable1 actions to one system user
/// (<see cref="UserFor"/>) and nothing to anybody else, uid 65534 included. The tree holds
/// <c>minimal-app</c> and <c>app0</c> in /var/lib/portables, a vendor image <c>vendorapp</c> in
/// /usr/lib/portables (management is refused there with EROFS, so allowed calls change nothing), and
/// a root-only (0700) <c>/secret</c> with an image and an extension whose files say <see cref="Secret"/>.
/// </summary>
public sealed class PolkitFixture : IDisposable
{
    /// <summary>Text inside every file of /secret.</summary>
    public const string Secret = "SECRET-7f3a";

    private static readonly Dictionary<string, string> s_users = new(StringComparer.Ordinal)
    {
        ["org.freedesktop.portable1.inspect-images"] = "daemon",
        ["org.freedesktop.portable1.attach-images"] = "bin",
        ["org.freedesktop.portable1.manage-images"] = "sys",
    };

    private readonly TempDirectory _root = new("portabled-root");

    public PolkitFixture()
    {
        if (Requirements.WhyMissing(["root", "dbus-daemon", "busctl", "setpriv", "unshare", PolkitDaemon.Executable]) is not null)
        {
            return;
        }

        Directory.CreateDirectory(_root["var/lib/portables"]);
        Directory.CreateDirectory(_root["usr/lib/portables"]);
        ProcessRunner.RunChecked("cp", "-a", Path.Join(SampleImages.Directory, "minimal-app"), _root["var/lib/portables/minimal-app"]);
        ProcessRunner.RunChecked("cp", "-a", Path.Join(SampleImages.Directory, "app0"), _root["var/lib/portables/app0"]);
        ProcessRunner.RunChecked("cp", "-a", Path.Join(SampleImages.Directory, "minimal-app"), _root["usr/lib/portables/vendorapp"]);
        MakeSecretTree();
        Bus = new PrivateBus();
        Polkit = new PolkitDaemon(Bus, s_users.ToDictionary(u => u.Key + ".rules", u => PolkitDaemon.AllowRule(u.Key, u.Value)));
        Daemon = new DaemonProcess(Bus, "--root=" + _root.Path, "--idle-exit=infinity", "--upstream-version=262");
    }

    /// <summary>The users of the theory tables: uid 65534 and one per action.</summary>
    public static IEnumerable<string> Users => ["nobody", .. s_users.Values];

    public PrivateBus Bus { get; } = null!;

    public PolkitDaemon Polkit { get; } = null!;

    public DaemonProcess Daemon { get; } = null!;

    /// <summary>The user the rules authorize for <paramref name="action"/>.</summary>
    public static string UserFor(string action) => s_users[action];

    /// <summary>busctl as <paramref name="user"/> (and that user's primary group) against the bus.</summary>
    public ProcessResult BusctlAs(string user, params string[] arguments)
    {
        string gid = ProcessRunner.RunChecked("id", "-g", user).Trim();
        return ProcessRunner.Run("setpriv", ["--reuid=" + user, "--regid=" + gid, "--clear-groups", "busctl", "--address=" + Bus.Address, .. arguments],
            timeout: TimeSpan.FromSeconds(60));
    }

    public void Dispose()
    {
        Daemon?.Dispose();
        Polkit?.Dispose();
        Bus?.Dispose();
        _root.Dispose();
    }

    private void MakeSecretTree()
    {
        string image = _root["secret/hidden-app"];
        string extension = _root["secret/hidden-ext"];
        Directory.CreateDirectory(Path.Join(image, "usr/lib/systemd/system"));
        Directory.CreateDirectory(Path.Join(extension, "usr/lib/systemd/system"));
        Directory.CreateDirectory(Path.Join(extension, "usr/lib/extension-release.d"));
        File.WriteAllText(Path.Join(image, "usr/lib/os-release"), $"ID=minimal\nVERSION_ID=1\nPRETTY_NAME=\"{Secret}\"\n");
        File.WriteAllText(Path.Join(image, "usr/lib/systemd/system/hidden-app.service"), $"[Service]\nExecStart=/bin/{Secret}\n");
        File.WriteAllText(Path.Join(extension, "usr/lib/extension-release.d/extension-release.hidden-ext"), $"ID=_any\nSYSEXT_ID={Secret}\n");
        File.WriteAllText(Path.Join(extension, "usr/lib/systemd/system/minimal-app-secret.service"), $"[Service]\nExecStart=/bin/{Secret}\n");
        File.SetUnixFileMode(_root["secret"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
