// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Testing;

/// <summary>
/// Upstream systemd 262's real portablectl, systemd-portabled and systemd-repart, as scripts/fetch-systemd-262 makes
/// them runnable on Debian 12 (CI runs that script before the tests). Outside CI, tests needing them
/// are skipped until it has been run; under CI their absence fails the tests.
/// </summary>
public static class UpstreamSystemd262
{
    /// <summary>Where scripts/fetch-systemd-262 puts it (PORTABLED_SYSTEMD_262_DIR overrides, as for the script).</summary>
    public static string Directory => Environment.GetEnvironmentVariable("PORTABLED_SYSTEMD_262_DIR") ?? "/var/cache/portabled-systemd-262";

    /// <summary>The real 262 portablectl (a wrapper running it through sid's loader).</summary>
    public static string Portablectl => Path.Join(Directory, "bin", "portablectl");

    /// <summary>The real 262 systemd-portabled.</summary>
    public static string Daemon => Path.Join(Directory, "bin", "systemd-portabled");

    /// <summary>The real 262 systemd-repart (builds the signed verity DDIs of the tests).</summary>
    public static string Repart => Path.Join(Directory, "bin", "systemd-repart");

    /// <summary>The real 262 systemd-dissect.</summary>
    public static string SystemdDissect => Path.Join(Directory, "bin", "systemd-dissect");

    /// <summary>Whether scripts/fetch-systemd-262 has run (one that provides every wrapper above).</summary>
    public static bool IsAvailable => File.Exists(Portablectl) && File.Exists(Daemon) && File.Exists(Repart) && File.Exists(SystemdDissect);

    /// <summary>Null when available (or under CI, where the test must run and fail); else why the test is skipped.</summary>
    public static string? WhyMissing => IsAvailable || TestEnvironment.IsCI ? null : $"needs upstream systemd 262 in {Directory}: run scripts/fetch-systemd-262 (CI does)";
}
