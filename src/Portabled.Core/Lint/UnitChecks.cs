// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Core.Metadata;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Metadata;

namespace Portabled.Core.Lint;

/// <summary>
/// Settings of a unit that clash with how it is attached (docs/lint.md, "Unit settings"): its own
/// <c>RootDirectory=</c>/<c>RootImage=</c>, which the portable drop-in overrides, and a <c>User=</c>/<c>Group=</c>
/// the image does not know when no <c>DynamicUser=</c> makes it. The unit is read with the profile's
/// drop-in layered after it, as PID 1 reads them.
/// </summary>
internal static class UnitChecks
{
    // Users PID 1 knows without any user database (systemd's synthesized root and nobody).
    private static readonly string[] s_synthesized = ["root", "nobody", "0", "65534"];

    public static void Check(LintContext context, ExtractedUnit unit, UnitSettings settings)
    {
        foreach (string key in new[] { "RootDirectory", "RootImage" })
        {
            if (settings.Get("Service", key) is { Length: > 0 } value && settings.SourceOf("Service", key) == unit.Name)
            {
                context.Add(LintChecks.UnitRootDirectory, $"{unit.Name}: {key}=",
                    $"{unit.Name} sets {key}={value}, which the portable drop-in overrides with the image itself: remove it.");
            }
        }

        if (settings.GetBoolean("Service", "DynamicUser", false))
        {
            return;
        }

        CheckName(context, unit, settings, "User", "/etc/passwd");
        CheckName(context, unit, settings, "Group", "/etc/group");
    }

    /// <summary>The unit's settings with the profile's drop-in for its type after them.</summary>
    public static UnitSettings Read(LintContext context, ExtractedUnit unit, string? profileDropIn)
    {
        var settings = new UnitSettings();
        settings.Add(unit.Contents, unit.Name);
        if (profileDropIn is not null && context.Layout.TryResolve(profileDropIn, true, out _, out var node) && node.Type == FileType.RegularFile &&
            node.Size <= MetadataLimits.MaxUnitFileSize)
        {
            settings.Add(File.ReadAllBytes(node.HostPath), profileDropIn);
        }

        return settings;
    }

    private static void CheckName(LintContext context, ExtractedUnit unit, UnitSettings settings, string key, string database)
    {
        string? name = settings.Get("Service", key);
        if (string.IsNullOrEmpty(name) || name.Contains('%', StringComparison.Ordinal) || s_synthesized.Contains(name) || name.All(char.IsAsciiDigit))
        {
            return;
        }

        if (!Names(context, database).Contains(name))
        {
            context.Add(LintChecks.UnitUser, $"{unit.Name}: {key}=",
                $"{unit.Name} runs as {key}={name}, which the image's {database} does not have and no DynamicUser=yes creates: PID 1 fails it at start (status 216/GROUP or 217/USER). " +
                $"Add '{name}' to {database}, set DynamicUser=yes, or attach with a profile that does.");
        }
    }

    private static HashSet<string> Names(LintContext context, string database)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (context.Resolve(database) is not { } found || found.Node.Type != FileType.RegularFile)
        {
            return names;
        }

        string text = Encoding.UTF8.GetString(LintContext.ReadHead(found.FileSystem, found.Node, MetadataLimits.MaxUnitFileSize));
        foreach (string line in text.Split('\n'))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                names.Add(line[..colon]);
            }
        }

        return names;
    }
}
