// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Images;
using Portabled.Core.Versions;

namespace Portabled.Core.Attach;

/// <summary>
/// Whether a marker belongs to an image given by name or path (docs/attach-detach.md, "Markers"). Image names are compared
/// without version suffixes (<c>_…</c>, <c>+…</c>) and <c>.raw</c>, so <c>foo</c> matches units
/// attached from <c>/x/foo_1.raw</c> and a new version can replace an old one on reattach.
/// 262 compares <see cref="ExtractImageName"/> of both sides (the asked-about side resolved on the
/// host first); 252 has its own, looser rules.
/// </summary>
internal static class MarkerMatcher
{
    /// <summary>
    /// Compares marker components with the root image then the extensions, position by position.
    /// <paramref name="matchAll"/> (detach): every position must match and the counts must agree.
    /// Otherwise (state): one matching position is enough. 252 uses one rule for both: every given
    /// image must match the component at its position, further components are ignored.
    /// </summary>
    /// <param name="behavior">The release whose rules apply.</param>
    /// <param name="components">The marker's images, root first.</param>
    /// <param name="images">The images asked about (name or path), root first.</param>
    /// <param name="matchAll">Detach (all must match) rather than state (one is enough).</param>
    /// <param name="imageNameOf">
    /// 262: the image name of an image asked about (path_pick() then path_extract_image_name(): the
    /// path resolved on the host, errors thrown as upstream returns them). Called only when a marker
    /// component is compared with that image, so errors surface exactly when upstream's do.
    /// </param>
    public static bool Matches(UpstreamBehavior behavior, IReadOnlyList<string> components, IReadOnlyList<string> images, bool matchAll,
        Func<string, string> imageNameOf)
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
                if (i >= components.Count || !ComponentMatches252(components[i], images[i]))
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

                bool equal = behavior.MarkerComponentsMatchByImageName
                    ? string.Equals(MarkerImageName(components[next++]), imageNameOf(image), StringComparison.Ordinal)
                    : ComponentMatches252(components[next++], image);
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

    /// <summary>
    /// 262's path_extract_image_name(): see <see cref="ImageNames.TryExtractImageName"/>. Null when
    /// the result is not a valid image name.
    /// </summary>
    public static string? ExtractImageName(string path) =>
        ImageNames.TryExtractImageName(path, out string name) == 0 ? name : null;

    /// <summary>
    /// The image name of <paramref name="nameOrPath"/> taken literally (no host lookup), or the errno
    /// path_extract_image_name() fails with as an <see cref="ErrnoException"/>.
    /// </summary>
    public static string ImageNameOf(string nameOrPath) => MarkerImageName(nameOrPath);

    // A marker component upstream cannot take an image name from fails the whole query (observed:
    // the errno comes back as the reply).
    private static string MarkerImageName(string component)
    {
        int errno = ImageNames.TryExtractImageName(component, out string name);
        return errno == 0 ? name : throw new ErrnoException(errno);
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
