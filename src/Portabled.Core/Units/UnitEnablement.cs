// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Host;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Units;

/// <summary>
/// Whether an attached unit counts as enabled for <c>GetImageState</c> (docs/attach-detach.md, "State"). Upstream asks its
/// install logic (unit_file_lookup_state) in-process — never the service manager — and counts every
/// state but static, disabled, linked and linked-runtime. For attached portable units the states
/// that occur are: masked (a /dev/null link in a config directory), enabled (a
/// <c>.wants/</c>, <c>.requires/</c> or <c>.upholds/</c> link, which EnableUnitFiles with the
/// PORTABLE flag puts into the attached directory), or static/disabled otherwise. Reads only
/// directory entries and link names, never follows a link.
/// </summary>
public static class UnitEnablement
{
    /// <summary>Entries read per config directory before giving up (the unit then counts as not enabled).</summary>
    public const int MaxEntriesPerDirectory = 65536;

    private static readonly string[] s_persistentConfig = ["/etc/systemd/system.control", "/etc/systemd/system", "/etc/systemd/system.attached"];
    private static readonly string[] s_runtimeConfig = ["/run/systemd/system.control", "/run/systemd/transient", "/run/systemd/system", "/run/systemd/system.attached"];
    private static readonly string[] s_dependencySuffixes = [".wants", ".requires", ".upholds"];

    /// <summary>True when <paramref name="unitName"/> is enabled (persistently or at runtime) or masked on the host.</summary>
    public static bool IsEnabled(HostLayout layout, string unitName) =>
        s_persistentConfig.Concat(s_runtimeConfig).Any(dir => IsMasked(layout, dir, unitName) || HasDependencyLink(layout, dir, unitName));

    private static bool IsMasked(HostLayout layout, string dir, string unitName)
    {
        string host = layout.ToHost($"{dir}/{unitName}");
        return HostFileStatus.TryGet(host, out HostFileStatus st, out _) && st.Type == FileType.SymbolicLink
            && new FileInfo(host).LinkTarget == "/dev/null";
    }

    // foo@.service is enabled through instances: foo@bar.service links count too.
    private static bool HasDependencyLink(HostLayout layout, string dir, string unitName)
    {
        string hostDir = layout.ToHost(dir);
        if (!Directory.Exists(hostDir))
        {
            return false;
        }

        int at = unitName.IndexOf("@.", StringComparison.Ordinal);
        string pattern = at >= 0 ? unitName[..(at + 1)] + "*" + unitName[(at + 1)..] : unitName;
        int entries = 0;
        foreach (string sub in Directory.EnumerateDirectories(hostDir))
        {
            if (++entries > MaxEntriesPerDirectory)
            {
                return false;
            }

            if (s_dependencySuffixes.Any(s => sub.EndsWith(s, StringComparison.Ordinal))
                && Directory.EnumerateFileSystemEntries(sub, pattern).Take(1).Any())
            {
                return true;
            }
        }

        return false;
    }
}
