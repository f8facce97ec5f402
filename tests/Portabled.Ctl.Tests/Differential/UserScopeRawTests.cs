// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Ctl.Tests.Differential;

/// <summary>
/// Scenarios/user-raw.sh: an unprivileged user builds squashfs, ext4 and erofs images with the real
/// tools and lists, inspects, attaches and detaches them through our portablectl --user and our
/// daemon, which reads them in userspace (upstream needs mountfsd and a user namespace for this,
/// docs/user-scope.md). The files written are checked, and detach leaves none behind.
/// </summary>
public sealed class UserScopeRawTests
{
    [RequiresFact("root", "unshare", "setpriv", "dbus-daemon", "busctl", "mksquashfs", "mke2fs", "mkfs.erofs")]
    public void RawImages_AttachedByUnprivilegedUser_FilesAsExpected()
    {
        using var profiles = new TempDirectory("portabled-user-profiles");
        File.SetUnixFileMode(profiles.Path, (UnixFileMode)0x1ed);
        Directory.CreateDirectory(profiles["default"]);
        File.WriteAllText(profiles["default/service.conf"], "[Service]\nPrivateTmp=yes\n");

        string transcript = UserScenarioRun.Run("user-raw.sh", Peer.Ours, Peer.Ours, profiles.Path);
        // A command run twice (list) keeps its last output.
        var blocks = CtlTranscript.Blocks(transcript).GroupBy(b => b.Command).ToDictionary(g => g.Key, g => g.Last().Output);

        Assert.StartsWith("[stdout]\n4711\n[rc] 0\n", blocks["$ id -u"], StringComparison.Ordinal);
        foreach ((string name, string fs) in new[] { ("sqapp", "squashfs"), ("extapp", "ext4"), ("eroapp", "erofs") })
        {
            Assert.Contains($"\tRaw {name}\nUnit files:\n\t{name}.service\n\t{name}.socket\n", blocks[$"$ pc inspect {name}"], StringComparison.Ordinal);
            Assert.Contains($"[Socket]\nListenStream=%t/{name}.sock\n", blocks[$"$ pc inspect --cat {name} {name}.socket"], StringComparison.Ordinal);
            string dir = name == "extapp" ? "/run/user/4711/systemd/user.attached" : "/SANDBOX/home/.config/systemd/user.attached";
            Assert.Contains(
                $"== {dir}/{name}.service.d/20-portable.conf\n# Drop-in created for image '/SANDBOX/home/.local/state/portables/{name}.raw', do not edit.\n\n" +
                $"[Service]\nRootImage=/SANDBOX/home/.local/state/portables/{name}.raw\nEnvironment=PORTABLE={name}.raw\nLogExtraFields=PORTABLE={name}.raw\n" +
                $"RootImagePolicy=root={fs}:=absent\n", transcript, StringComparison.Ordinal);
            Assert.Contains($"== {dir}/{name}.service\n[Unit]\nDescription={name} from a raw image\n", transcript, StringComparison.Ordinal);
            Assert.Contains($"== {dir}/{name}.socket\n[Socket]\nListenStream=%t/{name}.sock\n", transcript, StringComparison.Ordinal);
        }

        // The copy mode decides the profile drop-in: a link by default, a copy with --copy=copy.
        Assert.Contains("l 777 /SANDBOX/home/.config/systemd/user.attached/sqapp.service.d/10-profile.conf -> /usr/lib/systemd/user/portable/profile/default/service.conf\n", transcript, StringComparison.Ordinal);
        Assert.Contains("== /SANDBOX/home/.config/systemd/user.attached/eroapp.service.d/10-profile.conf\n[Service]\nPrivateTmp=yes\n", transcript, StringComparison.Ordinal);
        Assert.Contains("l 777 /SANDBOX/home/.config/portables/outraw.raw -> /SANDBOX/scratch/raw/outraw.raw\n", transcript, StringComparison.Ordinal);
        Assert.Contains("l 777 /run/user/4711/portables/extapp.raw -> /SANDBOX/home/.local/state/portables/extapp.raw\n", transcript, StringComparison.Ordinal);
        Assert.StartsWith("[stdout]\nattached-runtime\n[rc] 0\n", blocks["$ pc is-attached extapp"], StringComparison.Ordinal);
        Assert.Contains("portable scope 'system' incompatible with portabled runtime scope 'user'.\n[rc] 1\n", blocks["$ pc attach sysraw"], StringComparison.Ordinal);
        foreach (string detach in new[] { "$ pc detach sqapp", "$ pc detach --runtime extapp", "$ pc detach eroapp", "$ pc detach /SANDBOX/scratch/raw/outraw.raw" })
        {
            Assert.Contains("\n[rc] 0\n", blocks[detach], StringComparison.Ordinal);
        }

        // After the detaches: nothing left but the (empty) directories upstream leaves too.
        string after = transcript[transcript.LastIndexOf("[files]\n", StringComparison.Ordinal)..];
        Assert.DoesNotContain("\nf ", after, StringComparison.Ordinal);
        Assert.DoesNotContain("\nl ", after, StringComparison.Ordinal);
        Assert.DoesNotContain("user.attached", after, StringComparison.Ordinal);
    }
}
