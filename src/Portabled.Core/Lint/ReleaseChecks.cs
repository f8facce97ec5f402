// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Metadata;
using Portabled.Dissect.Metadata;

namespace Portabled.Core.Lint;

/// <summary>The root's os-release (docs/lint.md, "os-release"): found where Core looks, parseable, with ID= and a PORTABLE_SCOPE= that allows the scope.</summary>
internal static class ReleaseChecks
{
    public static void Check(LintContext context)
    {
        // 252 did not look inside usr-only images (docs/upstream-versions.md); Core's lookup is the one attach uses.
        byte[]? data = !context.Behavior.ReadsUsrOnlyOsRelease && context.Opened.IsUsrOnly ? null : ImageExtractor.TryReadOsRelease(context.FileSystem, context.Root.Path);
        if (data is null)
        {
            context.Add(LintChecks.OsReleaseMissing, string.Join(", ", ReleaseFiles.OsReleasePaths),
                "The image has no os-release file: add /usr/lib/os-release (with ID= and VERSION_ID=) and make /etc/os-release a relative link to it; " +
                "a link that leaves the image or loops counts as missing.");
            return;
        }

        try
        {
            context.OsRelease = EnvFile.Parse(data, "os-release", context.Behavior.EnvFileRules);
        }
        catch (EnvFileException e)
        {
            context.Add(LintChecks.OsReleaseUnparseable, "os-release", $"os-release does not parse ({e.Message}); attach fails with '{(e.Error == EnvFileError.EmbeddedNul ? "Bad message" : "Invalid argument")}'.");
            return;
        }

        if (string.IsNullOrEmpty(EnvFile.Get(context.OsRelease, "ID")))
        {
            context.Add(LintChecks.OsReleaseId, "os-release: ID=", "os-release has no ID= (attach refuses: 'os-release metadata lacks the ID field'): set ID= to the distribution's or the image's id.");
        }

        CheckScope(context);
    }

    private static void CheckScope(LintContext context)
    {
        if (!context.Behavior.ChecksPortableScope)
        {
            return;
        }

        string scope = EnvFile.Get(context.OsRelease, "PORTABLE_SCOPE") is { Length: > 0 } s ? s : "system";
        string wanted = context.Request.Scope == LintScope.User ? "user" : "system";
        if (scope is not ("system" or "user" or "any"))
        {
            context.Add(LintChecks.OsReleaseScope, "os-release: PORTABLE_SCOPE=", $"PORTABLE_SCOPE='{scope}' is not one of system, user, any: attach refuses the image.");
        }
        else if (scope != "any" && scope != wanted)
        {
            context.Add(LintChecks.OsReleaseScope, "os-release: PORTABLE_SCOPE=",
                $"PORTABLE_SCOPE='{scope}' is incompatible with the {wanted} scope: set PORTABLE_SCOPE={wanted} or any, or lint with --scope={scope}.");
        }
    }
}
