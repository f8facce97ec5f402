// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Metadata;

namespace Portabled.Core.Lint;

/// <summary>
/// Mount points a raw image must bring (docs/lint.md, "Mount points"). PID 1 mounts a raw root
/// read-only, so it cannot create a missing mount point and fails the service with 226/NAMESPACE
/// ("Failed to create destination mount point node …: Read-only file system"); observed with 252 for
/// squashfs and ext4 roots, for <c>/dev</c>, <c>/tmp</c> and the profile's <c>/etc/machine-id</c> and
/// <c>/etc/resolv.conf</c> (the latter although the profile writes <c>-/etc/resolv.conf</c>: the host's
/// file exists). Targets below <c>/run</c> and <c>/dev</c> are never a problem with <c>MountAPIVFS=yes</c>:
/// PID 1 mounts tmpfs there first (observed: a root without <c>/run/dbus</c> starts). A directory
/// image is not checked: PID 1 creates the mount points in it.
/// </summary>
internal static class MountPointChecks
{
    public static void Check(LintContext context, ExtractedUnit unit, UnitSettings settings)
    {
        if (!context.IsReadOnlyRoot || !unit.Name.EndsWith(".service", StringComparison.Ordinal))
        {
            return;
        }

        bool apiVfs = settings.GetBoolean("Service", "MountAPIVFS", false);
        var required = new List<(string Path, string Why)>();
        if (apiVfs)
        {
            required.AddRange(new[] { "/dev", "/proc", "/sys", "/run" }.Select(p => (p, "MountAPIVFS=yes")));
        }

        if (settings.GetBoolean("Service", "PrivateTmp", false))
        {
            required.AddRange(new[] { "/tmp", "/var/tmp" }.Select(p => (p, "PrivateTmp=yes")));
        }

        foreach (string key in new[] { "BindPaths", "BindReadOnlyPaths" })
        {
            foreach (string entry in settings.GetList("Service", key).SelectMany(v => v.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)))
            {
                bool optional = entry.StartsWith('-');
                string[] parts = entry.TrimStart('-').Split(':');
                string source = parts[0], target = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : parts[0];
                if (!target.StartsWith('/') || (apiVfs && (IsBelow(target, "/run") || IsBelow(target, "/dev"))) ||
                    (optional && !File.Exists(context.Layout.ToHost(source)) && !Directory.Exists(context.Layout.ToHost(source))))
                {
                    continue;
                }

                required.Add((target, $"{key}={entry}"));
            }
        }

        foreach ((string path, string why) in required.DistinctBy(r => r.Path))
        {
            if (!context.Exists(path))
            {
                context.Add(CheckFor(path), path,
                    $"The raw image has no '{path}', which {unit.Name} mounts over ({why}); PID 1 cannot create it on the read-only image and fails the service " +
                    $"with 226/NAMESPACE. Create an empty {(path is "/etc/machine-id" or "/etc/resolv.conf" ? "file" : "directory")} '{path}' in the image.");
            }
        }
    }

    private static LintCheck CheckFor(string path) => path switch
    {
        "/etc/machine-id" => LintChecks.MountPointMachineId,
        "/etc/resolv.conf" => LintChecks.MountPointResolvConf,
        "/dev" or "/proc" or "/sys" or "/run" or "/tmp" or "/var/tmp" => LintChecks.MountPointApiVfs,
        _ => LintChecks.MountPointBind,
    };

    private static bool IsBelow(string path, string dir) => path == dir || path.StartsWith(dir + "/", StringComparison.Ordinal);
}
