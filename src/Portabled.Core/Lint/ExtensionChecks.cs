// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Images;
using Portabled.Core.Metadata;
using Portabled.Core.Opening;
using Portabled.Dissect.Metadata;

namespace Portabled.Core.Lint;

/// <summary>
/// An extension's extension-release (docs/lint.md, "Extensions"): found under the name attach looks
/// for, and matching the root by <see cref="ReleaseValidator.ExtensionMatches"/>, the rule attach
/// applies. Only when that rule says no are the fields compared one by one, to name the one at fault.
/// </summary>
internal static class ExtensionChecks
{
    public static void Check(LintContext context, PortableImage extension, OpenedImage opened)
    {
        string releaseName = context.Behavior.ExtensionReleaseNamedAfterFile ? MarkerMatcher.ExtractImageName(extension.Path) ?? extension.Name : extension.Name;
        (byte[] Data, bool IsConfext)? found = ImageExtractor.TryReadExtensionRelease(opened.FileSystem, extension.Path, releaseName, relax: false, context.Behavior);
        if (found is not { } release)
        {
            context.ExtensionReleases.Add([]);
            context.Add(LintChecks.ExtensionReleaseMissing, $"{extension.Path}: {ReleaseFiles.ExtensionReleasePath(context.Behavior.ExtensionReleaseDirectories[0], releaseName)}",
                $"Extension '{extension.Path}' has no extension-release file named after the image ('{releaseName}'): add it, with ID= (or _any) and SYSEXT_SCOPE=portable.");
            return;
        }

        IReadOnlyList<KeyValuePair<string, string>> parsed;
        try
        {
            parsed = EnvFile.Parse(release.Data, "extension-release", context.Behavior.EnvFileRules);
        }
        catch (EnvFileException e)
        {
            context.ExtensionReleases.Add([]);
            context.Add(LintChecks.ExtensionReleaseMismatch, $"{extension.Path}: extension-release.{releaseName}", $"The extension-release file does not parse ({e.Message}).");
            return;
        }

        context.ExtensionReleases.Add(parsed);
        if (!ReleaseValidator.ExtensionMatches(context.OsRelease, parsed, context.Behavior, release.IsConfext))
        {
            context.Add(LintChecks.ExtensionReleaseMismatch, $"{extension.Path}: extension-release.{releaseName}",
                $"Extension '{extension.Path}' does not match the root image: {Reason(context, parsed, release.IsConfext)}.");
        }
    }

    // Names the first field that fails, in the order attach compares them.
    private static string Reason(LintContext context, IReadOnlyList<KeyValuePair<string, string>> extension, bool isConfext)
    {
        string kind = isConfext ? "CONFEXT" : "SYSEXT";
        if (extension.Count == 0)
        {
            return "its extension-release file is empty";
        }

        if (EnvFile.Get(extension, kind + "_SCOPE") is not null && !ReleaseValidator.Words(extension, kind + "_SCOPE").Contains("portable", StringComparer.Ordinal))
        {
            return $"{kind}_SCOPE='{EnvFile.Get(extension, kind + "_SCOPE")}' does not include 'portable'";
        }

        string? architecture = EnvFile.Get(extension, "ARCHITECTURE");
        if (!string.IsNullOrEmpty(architecture) && architecture != "_any" && architecture != VersionPicker.HostArchitecture)
        {
            return $"ARCHITECTURE='{architecture}' is not the host's '{VersionPicker.HostArchitecture}' (use _any for architecture-independent extensions)";
        }

        string? id = EnvFile.Get(extension, "ID");
        if (string.IsNullOrEmpty(id))
        {
            return "it has no ID= (set the root's ID, or _any)";
        }

        if (id != EnvFile.Get(context.OsRelease, "ID"))
        {
            return $"ID='{id}' is not the root's ID '{EnvFile.Get(context.OsRelease, "ID")}'";
        }

        string? rootLevel = EnvFile.Get(context.OsRelease, kind + "_LEVEL");
        string? level = EnvFile.Get(extension, kind + "_LEVEL");
        if (!string.IsNullOrEmpty(rootLevel) && !string.IsNullOrEmpty(level))
        {
            return $"{kind}_LEVEL='{level}' is not the root's '{rootLevel}'";
        }

        return $"VERSION_ID='{EnvFile.Get(extension, "VERSION_ID")}' is not the root's '{EnvFile.Get(context.OsRelease, "VERSION_ID")}' (or set {kind}_LEVEL= in both)";
    }
}
