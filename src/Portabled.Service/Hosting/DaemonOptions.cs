// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using Portabled.Core.Scope;
using Portabled.Core.Versions;

namespace Portabled.Service.Hosting;

/// <summary>
/// Command line of the daemon. Upstream 262 takes <c>--user</c>/<c>--system</c> (the user unit runs
/// <c>systemd-portabled --user</c>, docs/user-scope.md); the rest are ours (tests, offline use, tuning).
/// </summary>
public sealed record DaemonOptions
{
    /// <summary>Upstream's DEFAULT_EXIT_USEC: exit after 30 s without requests.</summary>
    public static readonly TimeSpan DefaultIdleExit = TimeSpan.FromSeconds(30);

    /// <summary><c>system</c>, <c>user</c>, or a D-Bus address (default: the scope's bus).</summary>
    public string Bus { get; init; } = "system";

    /// <summary>The runtime scope: the system manager's (default) or, with <c>--user</c>, the calling user's.</summary>
    public RuntimeScope Scope { get; init; } = RuntimeScope.System;

    /// <summary>Every host path is taken below this directory.</summary>
    public string Root { get; init; } = "/";

    /// <summary>Idle time before exiting; null = never.</summary>
    public TimeSpan? IdleExit { get; init; } = DefaultIdleExit;

    /// <summary><c>auto</c> (the host's systemd), <c>252</c> or <c>262</c>.</summary>
    public string UpstreamVersion { get; init; } = "auto";

    /// <summary>Log threshold: <c>debug</c>, <c>info</c>, <c>notice</c>, <c>warning</c>, <c>err</c> (also read from SYSTEMD_LOG_LEVEL).</summary>
    public string LogLevel { get; init; } = Environment.GetEnvironmentVariable("SYSTEMD_LOG_LEVEL") ?? "info";

    /// <summary>Print usage and exit.</summary>
    public bool ShowHelp { get; init; }

    /// <summary>Print the version and exit.</summary>
    public bool ShowVersion { get; init; }

    /// <summary>Usage text.</summary>
    public const string Usage = """
        portabled [OPTIONS...]

        Portable service manager (org.freedesktop.portable1).

          -h --help                 Show this help
             --version              Show package version
             --system               Serve the system service manager (default)
             --user                 Serve the calling user's service manager
             --bus=system|user|ADDRESS
                                    Bus to serve on (default: the scope's)
             --root=DIR             Take every host path below DIR
             --idle-exit=SECONDS|infinity
                                    Exit after this long without requests (default: 30)
             --upstream-version=auto|252|262
                                    Behave like this systemd version (default: the host's)
             --log-level=LEVEL      debug, info, notice, warning, err
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a one-line message.</summary>
    public static DaemonOptions Parse(IReadOnlyList<string> args)
    {
        var o = new DaemonOptions();
        string? bus = null;
        foreach (string arg in args)
        {
            (string key, string? value) = arg.IndexOf('=', StringComparison.Ordinal) is int i and > 0 ? (arg[..i], arg[(i + 1)..]) : (arg, null);
            o = key switch
            {
                "-h" or "--help" => o with { ShowHelp = true },
                "--version" => o with { ShowVersion = true },
                "--bus" => o with { Bus = bus = Required(key, value) },
                "--user" when value is null => o with { Scope = RuntimeScope.User },
                "--system" when value is null => o with { Scope = RuntimeScope.System },
                "--root" => o with { Root = ParseRoot(Required(key, value)) },
                "--idle-exit" => o with { IdleExit = ParseIdle(Required(key, value)) },
                "--upstream-version" => o with { UpstreamVersion = ParseVersion(Required(key, value)) },
                "--log-level" => o with { LogLevel = Required(key, value) },
                _ => throw new ArgumentException($"Unknown option '{arg}'."),
            };
        }

        if (o.Scope == RuntimeScope.User && o.UpstreamVersion == "252")
        {
            throw new ArgumentException("--user needs systemd 260 or newer behaviour, not --upstream-version=252.");
        }

        return o with { Bus = bus ?? (o.Scope == RuntimeScope.User ? "user" : "system") };
    }

    private static string Required(string key, string? value) =>
        string.IsNullOrEmpty(value) ? throw new ArgumentException($"Option '{key}' needs a value.") : value;

    private static string ParseRoot(string value) =>
        Path.IsPathRooted(value) ? Path.GetFullPath(value) : throw new ArgumentException($"--root= needs an absolute path, not '{value}'.");

    private static TimeSpan? ParseIdle(string value) =>
        value == "infinity" ? null
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s >= 0 ? TimeSpan.FromSeconds(s)
        : throw new ArgumentException($"Invalid --idle-exit= value '{value}'.");

    private static string ParseVersion(string value) =>
        value is "auto" or "252" or "262" ? value : throw new ArgumentException($"Invalid --upstream-version= value '{value}' (auto, 252 or 262).");
}
