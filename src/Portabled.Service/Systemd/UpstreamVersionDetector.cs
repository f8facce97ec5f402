// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using Portabled.Core.Errors;
using Portabled.Core.Versions;
using Portabled.Core;
using Portabled.SdBus;

namespace Portabled.Service.Systemd;

/// <summary>
/// Decides whose behaviour to copy: 252 exactly when the host runs systemd 252 (or older), else
/// 262. The host's version is the <c>Version</c> property of org.freedesktop.systemd1; without a
/// service manager on the bus, the version of the installed libsystemd-shared decides.
/// </summary>
public static class UpstreamVersionDetector
{
    /// <summary>Resolves <paramref name="setting"/> (<c>auto</c>, <c>252</c>, <c>262</c>).</summary>
    public static UpstreamVersion Detect(string setting, Func<string> managerVersion, string root)
    {
        switch (setting)
        {
            case "252":
                return UpstreamVersion.V252;
            case "262":
                return UpstreamVersion.V262;
        }

        int? major = null;
        try
        {
            major = ParseMajor(managerVersion());
        }
        catch (Exception e) when (e is DBusException or PortableException)
        {
            major = InstalledSharedLibraryVersion(root);
        }

        return major is <= 252 ? UpstreamVersion.V252 : UpstreamVersion.V262;
    }

    /// <summary>The leading number of a version string like <c>252.39-1~deb12u2</c> or <c>262.1</c>.</summary>
    public static int? ParseMajor(string version)
    {
        int end = 0;
        while (end < version.Length && char.IsAsciiDigit(version[end]))
        {
            end++;
        }

        return end > 0 && int.TryParse(version.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;
    }

    private static int? InstalledSharedLibraryVersion(string root)
    {
        // Debian and Ubuntu keep it in the multiarch directory, the others in /usr/lib/systemd; the
        // multiarch one is small, /usr/lib/systemd is large: look there first.
        foreach (string dir in new[] { "usr/lib/x86_64-linux-gnu/systemd", "usr/lib/systemd", "lib/systemd" })
        {
            string full = Path.Join(root, dir);
            if (!Directory.Exists(full))
            {
                continue;
            }

            foreach (string file in Directory.EnumerateFiles(full, "libsystemd-shared-*.so"))
            {
                if (ParseMajor(Path.GetFileName(file)["libsystemd-shared-".Length..]) is int v)
                {
                    return v;
                }
            }
        }

        return null;
    }
}
