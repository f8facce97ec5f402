// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Metadata;

namespace Portabled.Core.Scope;

/// <summary>
/// Every directory that depends on the runtime scope (docs/user-scope.md, "Directories"), as data:
/// where images are searched, where units are attached and images linked, where profiles are found,
/// which unit directories are read inside an image and on the host, and where image locks go. The
/// system scope has the fixed paths upstream has always used; a user scope is made from the user's
/// home and runtime directory (and XDG_CONFIG_HOME/XDG_STATE_HOME when set). All paths are logical
/// absolute paths (see <see cref="Host.HostLayout"/>).
/// </summary>
public sealed class PortableScope
{
    /// <summary>The image unit directories of a user scope, in priority order (docs/user-scope.md, "Units inside the image").</summary>
    public static readonly IReadOnlyList<string> UserImageUnitSearchPath =
    [
        "/etc/systemd/user",
        "/run/systemd/user",
        "/usr/local/share/systemd/user",
        "/usr/share/systemd/user",
        "/usr/local/lib/systemd/user",
        "/usr/lib/systemd/user",
    ];

    /// <summary>The user profile directories (docs/user-scope.md, "Profiles").</summary>
    public static readonly IReadOnlyList<string> UserProfileSearchPath =
    [
        "/etc/systemd/user/portable/profile",
        "/run/systemd/user/portable/profile",
        "/usr/local/lib/systemd/user/portable/profile",
        "/usr/lib/systemd/user/portable/profile",
    ];

    /// <summary>The system scope.</summary>
    public static readonly PortableScope System = new()
    {
        Kind = RuntimeScope.System,
        ImageSearchPath = ["/etc/portables", "/run/portables", "/var/lib/portables", "/usr/local/lib/portables", "/usr/lib/portables"],
        PoolPath = "/var/lib/portables",
        PersistentAttachedDirectory = "/etc/systemd/system.attached",
        RuntimeAttachedDirectory = "/run/systemd/system.attached",
        PersistentLinkDirectory = "/etc/portables",
        RuntimeLinkDirectory = "/run/portables",
        ImageUnitSearchPath = UnitSearchPath.System,
        HostUnitSearchPath = UnitSearchPath.System,
        PersistentConfigDirectory = "/etc/systemd/system",
        RuntimeDirectory = "/run",
        TransientDirectory = "/run/systemd/transient",
        GeneratorDirectories = ["/run/systemd/generator.early", "/run/systemd/generator", "/run/systemd/generator.late"],
        LockDirectory = "/run/systemd/nspawn/locks",
        ProfileSearchPath = null,
    };

    private PortableScope()
    {
    }

    /// <summary>System or user.</summary>
    public required RuntimeScope Kind { get; init; }

    /// <summary>The scope's name in messages and PORTABLE_SCOPE=: <c>system</c> or <c>user</c>.</summary>
    public string Name => Kind == RuntimeScope.User ? "user" : "system";

    /// <summary>Where images are looked up by name, first hit wins.</summary>
    public required IReadOnlyList<string> ImageSearchPath { get; init; }

    /// <summary>The image pool (the <c>PoolPath</c> property; pool usage and limit).</summary>
    public required string PoolPath { get; init; }

    /// <summary>Where units are attached (<c>system.attached</c> or <c>user.attached</c>).</summary>
    public required string PersistentAttachedDirectory { get; init; }

    /// <summary>Where units are attached with the runtime flag.</summary>
    public required string RuntimeAttachedDirectory { get; init; }

    /// <summary>Where the link (or copy) of an attached image goes.</summary>
    public required string PersistentLinkDirectory { get; init; }

    /// <summary>Where the link of an image attached with the runtime flag goes.</summary>
    public required string RuntimeLinkDirectory { get; init; }

    /// <summary>The unit directories read inside an image, first occurrence of a name winning.</summary>
    public required IReadOnlyList<string> ImageUnitSearchPath { get; init; }

    /// <summary>The service manager's unit search path on the host ("exists on the host already", enablement).</summary>
    public required IReadOnlyList<string> HostUnitSearchPath { get; init; }

    /// <summary>The manager's persistent configuration directory (<c>/etc/systemd/system</c> or <c>~/.config/systemd/user</c>).</summary>
    public required string PersistentConfigDirectory { get; init; }

    /// <summary>Below this directory a unit file counts as runtime (masked-runtime, linked-runtime, …).</summary>
    public required string RuntimeDirectory { get; init; }

    /// <summary>The manager's directory of transient units.</summary>
    public required string TransientDirectory { get; init; }

    /// <summary>The manager's generator output directories.</summary>
    public required IReadOnlyList<string> GeneratorDirectories { get; init; }

    /// <summary>Where the global image locks go (<c>…/systemd/nspawn/locks</c>).</summary>
    public required string LockDirectory { get; init; }

    /// <summary>The profile directories; null: the system ones of the upstream version in use.</summary>
    public required IReadOnlyList<string>? ProfileSearchPath { get; init; }

    /// <summary>
    /// A user's scope. <paramref name="home"/> and <paramref name="runtimeDirectory"/> are absolute;
    /// <paramref name="configHome"/> and <paramref name="stateHome"/> are XDG_CONFIG_HOME and
    /// XDG_STATE_HOME, used when absolute (the XDG rule), else <c>~/.config</c> and <c>~/.local/state</c>.
    /// </summary>
    public static PortableScope ForUser(string home, string runtimeDirectory, string? configHome = null, string? stateHome = null)
    {
        RequireAbsolute(home, "home directory");
        RequireAbsolute(runtimeDirectory, "runtime directory");
        home = Trim(home);
        string runtime = Trim(runtimeDirectory);
        string config = configHome is { Length: > 1 } c && c.StartsWith('/') ? Trim(c) : home + "/.config";
        string state = stateHome is { Length: > 1 } s && s.StartsWith('/') ? Trim(s) : home + "/.local/state";
        return new PortableScope
        {
            Kind = RuntimeScope.User,
            ImageSearchPath = [runtime + "/portables", state + "/portables", home + "/.local/lib/portables"],
            PoolPath = state + "/portables",
            PersistentAttachedDirectory = config + "/systemd/user.attached",
            RuntimeAttachedDirectory = runtime + "/systemd/user.attached",
            PersistentLinkDirectory = config + "/portables",
            RuntimeLinkDirectory = runtime + "/portables",
            ImageUnitSearchPath = UserImageUnitSearchPath,
            HostUnitSearchPath = UserManagerSearchPath(home, runtime, config),
            PersistentConfigDirectory = config + "/systemd/user",
            RuntimeDirectory = runtime,
            TransientDirectory = runtime + "/systemd/transient",
            GeneratorDirectories = [runtime + "/systemd/generator.early", runtime + "/systemd/generator", runtime + "/systemd/generator.late"],
            LockDirectory = runtime + "/systemd/nspawn/locks",
            ProfileSearchPath = UserProfileSearchPath,
        };
    }

    /// <summary>The directory units are attached to.</summary>
    public string GetAttachedDirectory(bool runtime) => runtime ? RuntimeAttachedDirectory : PersistentAttachedDirectory;

    /// <summary>The directory image links go to.</summary>
    public string GetLinkDirectory(bool runtime) => runtime ? RuntimeLinkDirectory : PersistentLinkDirectory;

    /// <summary>
    /// Whether an image whose os-release says <c>PORTABLE_SCOPE=<paramref name="imageScope"/></c>
    /// (already checked to be system, user or any) may be attached in this scope.
    /// </summary>
    public bool Accepts(string imageScope) => imageScope == "any" || imageScope == Name;

    // The user manager's unit search path (docs/user-scope.md, "Units on the host"), without
    // XDG_CONFIG_DIRS/XDG_DATA_DIRS (their defaults are used).
    private static string[] UserManagerSearchPath(string home, string runtime, string config) =>
    [
        config + "/systemd/user.control",
        runtime + "/systemd/user.control",
        runtime + "/systemd/transient",
        runtime + "/systemd/generator.early",
        config + "/systemd/user",
        config + "/systemd/user.attached",
        "/etc/xdg/systemd/user",
        "/etc/systemd/user",
        runtime + "/systemd/user",
        runtime + "/systemd/user.attached",
        "/run/systemd/user",
        runtime + "/systemd/generator",
        home + "/.local/share/systemd/user",
        "/usr/local/share/systemd/user",
        "/usr/share/systemd/user",
        "/usr/local/lib/systemd/user",
        "/usr/lib/systemd/user",
        runtime + "/systemd/generator.late",
    ];

    private static void RequireAbsolute(string path, string what)
    {
        if (string.IsNullOrEmpty(path) || !path.StartsWith('/'))
        {
            throw new ArgumentException($"The {what} '{path}' is not an absolute path.", nameof(path));
        }
    }

    private static string Trim(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
