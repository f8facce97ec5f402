// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Metadata;

/// <summary>
/// Where an image keeps its release files (os-release(5)), in systemd's lookup order, for the daemon and
/// portabled-dissect alike (docs/image-metadata.md).
/// </summary>
public static class ReleaseFiles
{
    /// <summary>The os-release candidates, first found wins: <c>/etc/os-release</c>, then <c>/usr/lib/os-release</c>.</summary>
    public static readonly IReadOnlyList<string> OsReleasePaths = ["/etc/os-release", "/usr/lib/os-release"];

    /// <summary>The directory of a system extension's (sysext) release file.</summary>
    public const string SysextDirectory = "/usr/lib/extension-release.d";

    /// <summary>The directory of a configuration extension's (confext, systemd 254 and later) release file.</summary>
    public const string ConfextDirectory = "/etc/extension-release.d";

    /// <summary>The file name prefix of extension release files: <c>extension-release.NAME</c>.</summary>
    public const string ExtensionReleasePrefix = "extension-release.";

    /// <summary>The extended attribute that, set to false, lets an extension-release file of another name stand for the image's.</summary>
    public const string StrictnessAttribute = "user.extension-release.strict";

    /// <summary>The path of the release file of extension <paramref name="name"/> in <paramref name="directory"/>.</summary>
    public static string ExtensionReleasePath(string directory, string name) => $"{directory}/{ExtensionReleasePrefix}{name}";
}
