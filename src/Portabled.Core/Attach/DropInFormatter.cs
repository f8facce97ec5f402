// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Core.Images;
using Portabled.Core.Versions;
using Portabled.Dissect.Metadata;

namespace Portabled.Core.Attach;

/// <summary>
/// The contents of <c>20-portable.conf</c>, byte for byte as 252 or 262 write it (docs/attach-detach.md, "Drop-in format"). Only
/// <c>.service</c> units get a <c>[Service]</c> section; other types get the marker line alone.
/// 262 pins the image policies of raw roots and extensions (<c>RootImagePolicy=</c>, <c>ExtensionImagePolicy=</c>).
/// </summary>
internal static class DropInFormatter
{
    /// <summary>The drop-in for <paramref name="unitName"/>, which came from image number <paramref name="imageIndex"/> (0 = root).</summary>
    public static string Format(UpstreamBehavior behavior, DropInContext context, string unitName, int imageIndex)
    {
        var sb = new StringBuilder();
        sb.Append(Marker.Prefix).Append(Marker.Format(context.Root.Path, [.. context.Extensions.Select(e => e.Path)])).Append(Marker.Suffix).Append('\n');
        if (!unitName.EndsWith(".service", StringComparison.Ordinal))
        {
            return sb.ToString();
        }

        PortableImage unitImage = imageIndex == 0 ? context.Root : context.Extensions[imageIndex - 1];
        string unitBase = BaseName(unitImage.Path);
        sb.Append("\n[Service]\n");
        sb.Append(IsDirectory(context.Root) ? "RootDirectory=" : "RootImage=").Append(context.Root.Path).Append('\n');
        sb.Append("Environment=PORTABLE=").Append(unitBase).Append('\n');
        if (behavior.DropIns == DropInFormat.HostOsReleaseBind)
        {
            Append252(sb, context, unitBase, imageIndex);
        }
        else
        {
            Append262(sb, context, unitBase);
        }

        return sb.ToString();
    }

    private static void Append252(StringBuilder sb, DropInContext context, string unitBase, int imageIndex)
    {
        sb.Append("BindReadOnlyPaths=").Append(context.HostOsRelease).Append(":/run/host/os-release\n");
        sb.Append("LogExtraFields=PORTABLE=").Append(unitBase).Append('\n');
        if (imageIndex == 0)
        {
            return;
        }

        // 252 only gives units from extensions the extension lines, and decides the relax suffix by
        // the root's type (an upstream bug kept for byte compatibility).
        bool relax = !IsDirectory(context.Root) && context.Flags.HasFlag(PortableFlags.ForceExtension);
        foreach (PortableImage extension in context.Extensions)
        {
            sb.Append(IsDirectory(extension) ? "ExtensionDirectories=" : "ExtensionImages=").Append(extension.Path)
                .Append(relax ? ":x-systemd.relax-extension-release-check\n" : "\n");
        }
    }

    private static void Append262(StringBuilder sb, DropInContext context, string unitBase)
    {
        sb.Append("LogExtraFields=PORTABLE=").Append(unitBase).Append('\n');
        if (context.RootImagePolicy is not null)
        {
            sb.Append("RootImagePolicy=").Append(context.RootImagePolicy).Append('\n');
        }

        string? rootNameAndVersion = NameAndVersion(context.RootRelease, "IMAGE_ID", "ID", "IMAGE_VERSION", "VERSION_ID", "BUILD_ID");
        if (context.Extensions.Count == 0)
        {
            if (rootNameAndVersion is not null)
            {
                sb.Append("LogExtraFields=PORTABLE_NAME_AND_VERSION=").Append(rootNameAndVersion).Append('\n');
            }

            return;
        }

        string rootBase = BaseName(context.Root.Path);
        sb.Append("Environment=PORTABLE_ROOT=").Append(rootBase).Append('\n');
        sb.Append("LogExtraFields=PORTABLE_ROOT=").Append(rootBase).Append('\n');
        if (rootNameAndVersion is not null)
        {
            sb.Append("LogExtraFields=PORTABLE_ROOT_NAME_AND_VERSION=").Append(rootNameAndVersion).Append('\n');
        }

        // 262 gives every service unit the extension lines, whichever image it came from (observed).
        for (int i = 0; i < context.Extensions.Count; i++)
        {
            PortableImage extension = context.Extensions[i];
            var release = context.ExtensionReleases[i];
            bool relax = !IsDirectory(extension) && context.Flags.HasFlag(PortableFlags.ForceExtension);
            sb.Append('\n');
            sb.Append(IsDirectory(extension) ? "ExtensionDirectories=" : "ExtensionImages=").Append(extension.Path)
                .Append(relax ? ":x-systemd.relax-extension-release-check\n" : "\n");
            sb.Append("LogExtraFields=PORTABLE_EXTENSION=").Append(BaseName(extension.Path)).Append('\n');
            if (!IsDirectory(extension) && context.ExtensionImagePolicy is not null)
            {
                // One policy for all raw extensions: the union of theirs (observed).
                sb.Append("ExtensionImagePolicy=").Append(context.ExtensionImagePolicy).Append('\n');
            }

            foreach (string kind in (string[])["SYSEXT", "CONFEXT"])
            {
                string? nameAndVersion = NameAndVersion(release, kind + "_IMAGE_ID", kind + "_ID", kind + "_IMAGE_VERSION", kind + "_VERSION_ID", kind + "_BUILD_ID");
                if (nameAndVersion is not null)
                {
                    sb.Append("LogExtraFields=PORTABLE_EXTENSION_NAME_AND_VERSION=").Append(nameAndVersion).Append('\n');
                }
            }
        }
    }

    // <id>[_<version>]: the first present of each key list; null when neither is.
    private static string? NameAndVersion(IReadOnlyList<KeyValuePair<string, string>> release, string id1, string id2, string version1, string version2, string version3)
    {
        string? id = First(release, id1, id2);
        string? version = First(release, version1, version2, version3);
        return (id, version) switch
        {
            (null, null) => null,
            (not null, null) => id,
            (null, not null) => version,
            _ => id + "_" + version,
        };
    }

    private static string? First(IReadOnlyList<KeyValuePair<string, string>> release, params string[] keys)
    {
        foreach (string key in keys)
        {
            if (EnvFile.Get(release, key) is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }

    private static bool IsDirectory(PortableImage image) => image.Type is PortableImageType.Directory or PortableImageType.Subvolume;

    private static string BaseName(string path) => path.TrimEnd('/')[(path.TrimEnd('/').LastIndexOf('/') + 1)..];
}
