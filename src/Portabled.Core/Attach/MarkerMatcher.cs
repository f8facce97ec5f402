// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Images;
using Portabled.Core.Versions;

namespace Portabled.Core.Attach;

/// <summary>
/// Whether a marker belongs to an image given by name or path (docs/attach-detach.md, "Markers"). Image names are compared
/// without version suffixes (<c>_…</c>, <c>+…</c>) and <c>.raw</c>, so <c>foo</c> matches units
/// attached from <c>/x/foo_1.raw</c> and a new version can replace an old one on reattach.
/// 262 compares <see cref="ExtractImageName"/> of both sides; 252 has its own, looser rules.
/// </summary>
internal static class MarkerMatcher
{
    /// <summary>
    /// Compares marker components with the root image then the extensions, position by position.
    /// <paramref name="matchAll"/> (detach): every position must match and the counts must agree.
    /// Otherwise (state): one matching position is enough. 252 uses one rule for both: every given
    /// image must match the component at its position, further components are ignored.
    /// </summary>
    public static bool Matches(UpstreamBehavior behavior, IReadOnlyList<string> components, IReadOnlyList<string> images, bool matchAll)
    {
        if (components.Count == 0 || images.Count == 0)
        {
            return false;
        }

        if (behavior.MarkersMatchByPosition)
        {
            // 252 compares each given image with the component at its position and ignores further
            // components: detaching a root alone also detaches what was attached with extensions, and
            // a unit attached without extensions is "detached" when asked about with one (both observed).
            for (int i = 0; i < images.Count; i++)
            {
                if (i >= components.Count || !ComponentMatches(behavior, components[i], images[i]))
                {
                    return false;
                }
            }

            return true;
        }

        int next = 0;
        while (next < components.Count)
        {
            foreach (string image in images)
            {
                if (next >= components.Count)
                {
                    return false;
                }

                bool equal = ComponentMatches(behavior, components[next++], image);
                if (!equal && matchAll)
                {
                    return false;
                }

                if (equal && !matchAll)
                {
                    return true;
                }
            }
        }

        return matchAll;
    }

    /// <summary>One marker component against one image name or path.</summary>
    public static bool ComponentMatches(UpstreamBehavior behavior, string component, string nameOrPath)
    {
        if (behavior.MarkerComponentsMatchByImageName)
        {
            string? a = ExtractImageName(component);
            return a is not null && string.Equals(a, ExtractImageName(nameOrPath), StringComparison.Ordinal);
        }

        return ComponentMatches252(component, nameOrPath);
    }

    /// <summary>
    /// 262's path_extract_image_name(): the last path component; unless the path ends in a slash,
    /// one of <c>.sysext.raw</c>, <c>.confext.raw</c>, <c>.raw</c> is cut; then everything from the
    /// first <c>_</c> or <c>+</c>. Null when the result is not a valid image name.
    /// </summary>
    public static string? ExtractImageName(string path)
    {
        string trimmed = path.TrimEnd('/');
        bool directory = trimmed.Length != path.Length;
        string name = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        if (!directory)
        {
            foreach (string suffix in (string[])[".sysext.raw", ".confext.raw", ".raw"])
            {
                if (name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    name = name[..^suffix.Length];
                    break;
                }
            }
        }

        int cut = name.IndexOfAny(['_', '+']);
        if (cut >= 0)
        {
            name = name[..cut];
        }

        return ImageNames.IsValid(name) ? name : null;
    }

    // 252: a name with '_' matches any marker basename starting with the part before it; a plain name
    // must equal the basename, optionally followed by ".raw" or slashes; a path compares basenames up
    // to the first '_' of either, and both must agree on a trailing slash.
    private static bool ComponentMatches252(string component, string nameOrPath)
    {
        string a = LastComponent(component);
        if (ImageNames.IsValid(nameOrPath))
        {
            int underscore = nameOrPath.IndexOf('_');
            if (underscore >= 0)
            {
                return a.StartsWith(nameOrPath[..underscore], StringComparison.Ordinal);
            }

            if (!a.StartsWith(nameOrPath, StringComparison.Ordinal))
            {
                return false;
            }

            string rest = a[nameOrPath.Length..];
            return rest.TrimStart('/').Length == 0 || rest == ".raw";
        }

        string b = LastComponent(nameOrPath);
        int cutB = b.IndexOf('_');
        int cutA = a.IndexOf('_');
        int length = cutB >= 0 ? cutB : cutA >= 0 ? cutA : Math.Max(a.TrimEnd('/').Length, b.TrimEnd('/').Length);
        if (a.Length < length || b.Length < length || !a.AsSpan(0, length).SequenceEqual(b.AsSpan(0, length)))
        {
            return false;
        }

        return a.EndsWith('/') == b.EndsWith('/');
    }

    // last_path_component(): the part after the last slash that is followed by something other than slashes.
    private static string LastComponent(string path)
    {
        string trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            return path;
        }

        return path[(trimmed.LastIndexOf('/') + 1)..];
    }
}
