// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Testing;

/// <summary>
/// The Debian sid root with systemd 262 that scripts/make-sid-root makes (CI runs it before the
/// tests; it takes a minute or so once). Outside CI, tests needing it are skipped until it has been
/// made; under CI its absence fails them.
/// </summary>
public static class SidRoot
{
    /// <summary>Where scripts/make-sid-root puts it (PORTABLED_SID_ROOT overrides, as for the script).</summary>
    public static string Directory => Environment.GetEnvironmentVariable("PORTABLED_SID_ROOT") ?? "/var/cache/portabled-sid-root";

    /// <summary>Whether the root is complete (the script writes its marker last, before the rename).</summary>
    public static bool IsAvailable => File.Exists(Path.Join(Directory, ".portabled-sid-root"));

    /// <summary>Null when available (or under CI, where the test must run and fail); else why the test is skipped.</summary>
    public static string? WhyMissing => IsAvailable || TestEnvironment.IsCI ? null : $"needs the Debian sid root in {Directory}: run scripts/make-sid-root (CI does)";
}
