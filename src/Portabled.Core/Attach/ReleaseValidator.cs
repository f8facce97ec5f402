// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Images;
using Portabled.Core.Scope;
using Portabled.Core.Versions;
using Portabled.Dissect.Metadata;

namespace Portabled.Core.Attach;

/// <summary>
/// The attach-time checks on release files (docs/attach-detach.md, "Validation"): the root's ID, PORTABLE_SCOPE (262) and
/// PORTABLE_PREFIXES, and whether an extension's extension-release fits the root's os-release
/// for the scope <c>portable</c> (as a sysext, then — 262 — as a confext).
/// </summary>
internal static class ReleaseValidator
{
    private static readonly char[] s_whitespace = [' ', '\t', '\n', '\r'];

    /// <summary>Words of a whitespace-separated list value (empty when unset).</summary>
    public static IEnumerable<string> Words(IReadOnlyList<KeyValuePair<string, string>> release, string key) =>
        (EnvFile.Get(release, key) ?? string.Empty).Split(s_whitespace, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Refuses a root os-release without ID and (262) a PORTABLE_SCOPE (default <c>system</c>) that is
    /// invalid or neither <c>any</c> nor the name of <paramref name="scope"/> (docs/user-scope.md, "PORTABLE_SCOPE=").
    /// </summary>
    public static void ValidateRoot(IReadOnlyList<KeyValuePair<string, string>> osRelease, string imagePath, UpstreamBehavior behavior, PortableScope scope)
    {
        if (string.IsNullOrEmpty(EnvFile.Get(osRelease, "ID")))
        {
            throw new ErrnoException(Errno.ESTALE, $"Image {imagePath} os-release metadata lacks the ID field");
        }

        if (!behavior.ChecksPortableScope)
        {
            return;
        }

        string imageScope = EnvFile.Get(osRelease, "PORTABLE_SCOPE") is { Length: > 0 } s ? s : "system";
        if (imageScope is not ("system" or "user" or "any"))
        {
            throw new InvalidArgumentsException($"Invalid PORTABLE_SCOPE value '{imageScope}' in image {imagePath}.");
        }

        if (!scope.Accepts(imageScope))
        {
            throw new InvalidArgumentsException($"Image {imagePath} portable scope '{imageScope}' incompatible with portabled runtime scope '{scope.Name}'.");
        }
    }

    /// <summary>
    /// Whether an extension's release matches the root, with the sysext rules (<c>SYSEXT_SCOPE</c>,
    /// <c>SYSEXT_LEVEL</c>) or, for a release found in <c>/etc/extension-release.d</c> (262), the confext ones.
    /// </summary>
    public static bool ExtensionMatches(IReadOnlyList<KeyValuePair<string, string>> root, IReadOnlyList<KeyValuePair<string, string>> extension, UpstreamBehavior behavior, bool isConfext)
    {
        string kind = isConfext ? "CONFEXT" : "SYSEXT";
        if (extension.Count == 0)
        {
            return false;
        }

        if (EnvFile.Get(extension, kind + "_SCOPE") is not null && !Words(extension, kind + "_SCOPE").Contains("portable", StringComparer.Ordinal))
        {
            return false;
        }

        string? architecture = EnvFile.Get(extension, "ARCHITECTURE");
        if (!string.IsNullOrEmpty(architecture) && architecture != "_any" && architecture != VersionPicker.HostArchitecture)
        {
            return false;
        }

        string? id = EnvFile.Get(extension, "ID");
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }

        if (id == "_any")
        {
            return true;
        }

        if (id != EnvFile.Get(root, "ID") && !(behavior.ExtensionIdMayMatchIdLike && Words(root, "ID_LIKE").Contains(id, StringComparer.Ordinal)))
        {
            return false;
        }

        string? rootVersion = NonEmpty(EnvFile.Get(root, "VERSION_ID"));
        string? rootLevel = NonEmpty(EnvFile.Get(root, kind + "_LEVEL"));
        if (rootVersion is null && rootLevel is null)
        {
            return true;
        }

        string? extensionLevel = NonEmpty(EnvFile.Get(extension, kind + "_LEVEL"));
        if (rootLevel is not null && extensionLevel is not null)
        {
            return rootLevel == extensionLevel;
        }

        return rootVersion is null || rootVersion == NonEmpty(EnvFile.Get(extension, "VERSION_ID"));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
