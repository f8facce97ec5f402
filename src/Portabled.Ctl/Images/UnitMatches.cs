// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Interop;

namespace Portabled.Ctl.Images;

/// <summary>
/// Upstream's determine_matches(): the unit-name prefixes sent with a call. Without any, the
/// prefix is derived from the image's file name; a lone "-" means all units where that is allowed.
/// </summary>
internal static class UnitMatches
{
    public static IReadOnlyList<string> Determine(CtlContext context, string image, IReadOnlyList<string> prefixes, bool allowAll)
    {
        if (prefixes.Count == 0)
        {
            string prefix = ExtractPrefix(image, out int errno)
                ?? throw new CtlException($"Failed to extract prefix of image name '{image}': {LibC.ErrorMessage(errno)}");
            context.Info($"(Matching unit files with prefix '{prefix}'.)");
            return [prefix];
        }

        if (prefixes is ["-"])
        {
            if (!allowAll)
            {
                throw new CtlException("Refusing all unit file match.");
            }

            context.Info("(Matching all unit files.)");
            return [];
        }

        Announce(context, prefixes);
        return prefixes;
    }

    /// <summary>262's wording: "prefix" for one, "prefixes" for several.</summary>
    public static void Announce(CtlContext context, IReadOnlyList<string> prefixes) =>
        context.Info(prefixes.Count == 1
            ? $"(Matching unit files with prefix '{prefixes[0]}'.)"
            : $"(Matching unit files with prefixes '{string.Join("', '", prefixes)}'.)");

    /// <summary>
    /// The file name up to the first "_" (the version part), else without a ".raw" suffix; it
    /// must be a valid file name of letters, digits, "-" and ".".
    /// </summary>
    public static string? ExtractPrefix(string path, out int errno)
    {
        string? name = FileNames.ExtractFileName(path, out errno);
        if (name is null)
        {
            return null;
        }

        int underscore = name.IndexOf('_');
        string prefix = underscore >= 0 ? name[..underscore]
            : name.EndsWith(".raw", StringComparison.Ordinal) ? name[..^4]
            : name;
        if (!prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') || !FileNames.IsValidFileName(prefix))
        {
            errno = Errno.EINVAL;
            return null;
        }

        return prefix;
    }
}
