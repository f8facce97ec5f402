// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Images;
using Portabled.Core.Metadata;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Metadata;

namespace Portabled.Core.Lint;

/// <summary>
/// Which unit files attach would take (docs/lint.md, "Units and prefixes"): Core's own scan of every
/// portable unit, then the prefix matches (portablectl's default: the image name) against
/// <c>PORTABLE_PREFIXES=</c> and against the unit names.
/// </summary>
internal static class PrefixChecks
{
    public static void Check(LintContext context)
    {
        var all = new List<ExtractedUnit>();
        var collector = new SkippedUnitCollector();
        Scan(context, context.FileSystem, context.Root, 0, collector, all);
        for (int i = 0; i < context.Extensions.Count; i++)
        {
            Scan(context, context.Extensions[i].FileSystem, context.Root, i + 1, collector, all);
        }

        foreach ((string unit, string reason) in collector.Skipped)
        {
            context.Add(LintChecks.UnitUnreadable, unit, $"Unit file '{unit}' is skipped: {reason}. Make it a regular file, or a link that resolves inside the image.");
        }

        IReadOnlyList<string> matches = context.Request.Matches ?? DefaultMatches(context.Root);
        var prefixes = new SortedSet<string>(ReleaseValidator.Words(context.OsRelease, "PORTABLE_PREFIXES"), StringComparer.Ordinal);
        foreach (var release in context.ExtensionReleases)
        {
            prefixes.UnionWith(ReleaseValidator.Words(release, "PORTABLE_PREFIXES"));
        }

        if (prefixes.Count > 0 && matches.FirstOrDefault(m => !prefixes.Contains(m)) is { } refused)
        {
            context.Add(LintChecks.PrefixRefused, "os-release: PORTABLE_PREFIXES=",
                $"The match '{refused}' is not among PORTABLE_PREFIXES='{string.Join(' ', prefixes)}': attach refuses it. Add it there, or attach with one of those prefixes.");
        }

        foreach (ExtractedUnit unit in all.Where(u => !UnitNames.MatchesPrefixes(u.Name, matches)))
        {
            context.Add(LintChecks.PrefixUnitSkipped, unit.Name,
                $"Unit file '{unit.Name}' does not match the prefix '{string.Join("', '", matches)}' and is not attached: rename it to '{matches[0]}-…' or '{matches[0]}.…', or pass its prefix.");
        }

        context.Units.AddRange(all.Where(u => UnitNames.MatchesPrefixes(u.Name, matches)));
        if (context.Units.Count == 0)
        {
            context.Add(LintChecks.UnitNone, "unit files",
                $"No unit file matches '{string.Join("', '", matches)}': attach fails with 'Couldn't find any matching unit files in image'. " +
                $"Put '{matches.FirstOrDefault()}.service' (or -….service) in /usr/lib/systemd/system.");
        }
    }

    // portablectl's default when no prefix is given: the image name, without version and suffix.
    private static IReadOnlyList<string> DefaultMatches(PortableImage image) =>
        ImageNames.TryExtractImageName(image.Path, out string name) == 0 ? [name] : [image.Name];

    private static void Scan(LintContext context, IReadOnlyFileSystem fs, PortableImage root, int index, SkippedUnitCollector collector, List<ExtractedUnit> into)
    {
        foreach (ExtractedUnit unit in ImageExtractor.ScanUnits(fs, root.Path, [], index, root.Type is PortableImageType.Directory or PortableImageType.Subvolume, context.Behavior, collector))
        {
            if (!into.Exists(u => u.Name == unit.Name))
            {
                into.Add(unit);
            }
        }
    }
}
