// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Lint;

/// <summary>
/// Every check of the image lint, with its stable id. docs/lint.md lists exactly these (a test keeps
/// the two in step); an id is never renamed or reused, since scripts match on it.
/// </summary>
public static class LintChecks
{
    /// <summary>The image path names no image portabled accepts.</summary>
    public static readonly LintCheck ImageName = new("image.name", LintSeverity.Failure,
        "the image's file name is a valid image name (a regular file ends in `.raw`; the name before the version is valid)");

    /// <summary>The image cannot be read.</summary>
    public static readonly LintCheck ImageUnreadable = new("image.unreadable", LintSeverity.Failure,
        "the image can be opened and dissected (partition table, file system, verity)");

    /// <summary>No os-release.</summary>
    public static readonly LintCheck OsReleaseMissing = new("os-release.missing", LintSeverity.Failure,
        "the root image has `/etc/os-release` or `/usr/lib/os-release` (a regular file, or a link inside the image)");

    /// <summary>os-release does not parse.</summary>
    public static readonly LintCheck OsReleaseUnparseable = new("os-release.unparseable", LintSeverity.Failure,
        "os-release parses as an environment file (UTF-8, no NUL bytes, valid assignments)");

    /// <summary>os-release has no ID=.</summary>
    public static readonly LintCheck OsReleaseId = new("os-release.id", LintSeverity.Failure,
        "os-release has a non-empty `ID=`");

    /// <summary>PORTABLE_SCOPE= does not allow the scope.</summary>
    public static readonly LintCheck OsReleaseScope = new("os-release.portable-scope", LintSeverity.Failure,
        "`PORTABLE_SCOPE=` (262) is `system`, `user` or `any`, and allows the scope linted for (`--scope=`)");

    /// <summary>An extension has no extension-release.</summary>
    public static readonly LintCheck ExtensionReleaseMissing = new("extension-release.missing", LintSeverity.Failure,
        "each extension has `extension-release.NAME` in `/usr/lib/extension-release.d/` (or, 262, `/etc/extension-release.d/`), NAME being the image name");

    /// <summary>An extension's extension-release does not match the root.</summary>
    public static readonly LintCheck ExtensionReleaseMismatch = new("extension-release.mismatch", LintSeverity.Failure,
        "each extension-release matches the root's os-release: `SYSEXT_SCOPE=` includes `portable`, `ARCHITECTURE=`, `ID=`, `SYSEXT_LEVEL=` or `VERSION_ID=`");

    /// <summary>The matches are refused by PORTABLE_PREFIXES=.</summary>
    public static readonly LintCheck PrefixRefused = new("prefix.match-refused", LintSeverity.Failure,
        "the prefix matches (default: the image name) are among the images' `PORTABLE_PREFIXES=`");

    /// <summary>A unit does not match the prefixes and is left out.</summary>
    public static readonly LintCheck PrefixUnitSkipped = new("prefix.unit-skipped", LintSeverity.Warning,
        "every portable unit file in the image matches the prefix matches (others are silently not attached)");

    /// <summary>No unit matches.</summary>
    public static readonly LintCheck UnitNone = new("unit.none", LintSeverity.Failure,
        "at least one unit file (`.service`, `.socket`, `.target`, `.timer`, `.path`) matches the prefixes");

    /// <summary>A unit file is skipped because it cannot be read.</summary>
    public static readonly LintCheck UnitUnreadable = new("unit.unreadable", LintSeverity.Warning,
        "every unit file can be opened: no dangling or looping symlink, no directory");

    /// <summary>The unit sets its own root.</summary>
    public static readonly LintCheck UnitRootDirectory = new("unit.root-directory", LintSeverity.Warning,
        "no unit sets `RootDirectory=` or `RootImage=`, which the portable drop-in overrides");

    /// <summary>User= names a user the image does not have.</summary>
    public static readonly LintCheck UnitUser = new("unit.user-unknown", LintSeverity.Failure,
        "`User=`/`Group=` name a user in the image's `/etc/passwd` (`/etc/group`), unless `DynamicUser=yes` (unit or profile) makes it");

    /// <summary>ExecStart= names a missing program.</summary>
    public static readonly LintCheck ExecMissing = new("exec.missing", LintSeverity.Failure,
        "the program of each `ExecStart=` exists in the image (absolute, or found in systemd's default `PATH`) and is a regular file");

    /// <summary>The program is for another architecture.</summary>
    public static readonly LintCheck ElfArchitecture = new("elf.architecture", LintSeverity.Failure,
        "each `ExecStart=` program that is an ELF file is built for the host's architecture");

    /// <summary>The program's interpreter is missing.</summary>
    public static readonly LintCheck ElfInterpreter = new("elf.interpreter", LintSeverity.Failure,
        "the dynamic loader of each ELF `ExecStart=` program (`PT_INTERP`), or the `#!` interpreter of a script, exists in the image");

    /// <summary>Mount points for /etc/machine-id.</summary>
    public static readonly LintCheck MountPointMachineId = new("mount-point.machine-id", LintSeverity.Failure,
        "a raw image has `/etc/machine-id` when the profile binds it (PID 1 cannot create the mount point on a read-only image)");

    /// <summary>Mount point for /etc/resolv.conf.</summary>
    public static readonly LintCheck MountPointResolvConf = new("mount-point.resolv-conf", LintSeverity.Failure,
        "a raw image has `/etc/resolv.conf` when the profile binds it (even with `-`, the host's file exists)");

    /// <summary>API file system mount points.</summary>
    public static readonly LintCheck MountPointApiVfs = new("mount-point.api-vfs", LintSeverity.Failure,
        "a raw image has `/dev`, `/proc`, `/sys` and `/run` when `MountAPIVFS=yes`, and `/tmp`, `/var/tmp` when `PrivateTmp=yes`");

    /// <summary>Other bind mount targets.</summary>
    public static readonly LintCheck MountPointBind = new("mount-point.bind", LintSeverity.Failure,
        "a raw image has every other `BindPaths=`/`BindReadOnlyPaths=` target of the profile and units outside `/run` and `/dev`");

    /// <summary>The pinned image policy refuses the image.</summary>
    public static readonly LintCheck ImagePolicyVerity = new("image-policy.verity", LintSeverity.Failure,
        "the `RootImagePolicy=` 262 pins for a raw image accepts the protection PID 1 will find (a naked file system with a hash tree but no signature is pinned `signed`)");

    /// <summary>The pinned image policy's partition flags disagree with the GPT attributes.</summary>
    public static readonly LintCheck ImagePolicyPartitionFlags = new("image-policy.partition-flags", LintSeverity.Failure,
        "the `read-only-on`/`growfs-off` that 262 pins for a GPT partition match its GPT attributes (a squashfs or erofs partition, and a verity partition, must have the read-only flag, 60, set)");

    /// <summary>Every check, in the order they run.</summary>
    public static IReadOnlyList<LintCheck> All { get; } =
    [
        ImageName, ImageUnreadable, OsReleaseMissing, OsReleaseUnparseable, OsReleaseId, OsReleaseScope,
        ExtensionReleaseMissing, ExtensionReleaseMismatch, PrefixRefused, PrefixUnitSkipped, UnitNone, UnitUnreadable,
        UnitRootDirectory, UnitUser, ExecMissing, ElfArchitecture, ElfInterpreter,
        MountPointMachineId, MountPointResolvConf, MountPointApiVfs, MountPointBind, ImagePolicyVerity, ImagePolicyPartitionFlags,
    ];
}
