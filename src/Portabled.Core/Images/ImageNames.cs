// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;

namespace Portabled.Core.Images;

/// <summary>Image name and image path rules of the API (docs/attach-detach.md, "Resolving an image").</summary>
public static class ImageNames
{
    /// <summary>Longest file name (NAME_MAX).</summary>
    public const int MaxNameLength = 255;

    /// <summary>Longest path (PATH_MAX - 1).</summary>
    public const int MaxPathLength = 4095;

    /// <summary>
    /// Whether <paramref name="name"/> is a valid image name: a valid file name (non-empty, at most 255
    /// bytes, no <c>/</c>, not <c>.</c> or <c>..</c>), no control characters, valid UTF-8, not starting
    /// with <c>.#</c>. The daemon uses it to tell "by name" from "by path".
    /// </summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name == "." || name == ".." || name.Contains('/'))
        {
            return false;
        }

        if (!IsValidUtf8(name, out int bytes) || bytes > MaxNameLength)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (c < ' ' || c == '\x7f')
            {
                return false;
            }
        }

        return !name.StartsWith(".#", StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether an absolute path is normalized: no <c>.</c> or <c>..</c> components, no <c>//</c>,
    /// each component at most 255 bytes, at most 4095 bytes in total. A trailing slash is allowed.
    /// </summary>
    public static bool IsNormalizedPath(string path)
    {
        if (path.Length == 0 || !IsValidUtf8(path, out int bytes) || bytes > MaxPathLength || path.Contains("//", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (string component in path.Split('/'))
        {
            if (component is "." or ".." || Encoding.UTF8.GetByteCount(component) > MaxNameLength)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>path_simplify(): collapses duplicate slashes and <c>/./</c>, drops a trailing slash.</summary>
    public static string Simplify(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");
        string joined = string.Join('/', parts);
        return path.StartsWith('/') ? "/" + joined : (joined.Length == 0 ? "." : joined);
    }

    private static bool IsValidUtf8(string s, out int byteCount)
    {
        byteCount = 0;
        try
        {
            byteCount = new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(s);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
