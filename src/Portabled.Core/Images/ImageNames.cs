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

    private static readonly string[] s_rawSuffixes = [".sysext.raw", ".confext.raw", ".raw"];

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

    /// <summary>
    /// path_is_valid(): not empty, shorter than PATH_MAX (4096 bytes) and no component longer than
    /// NAME_MAX (255 bytes).
    /// </summary>
    public static bool IsValidPath(string path)
    {
        if (path.Length == 0 || !IsValidUtf8(path, out int bytes) || bytes > MaxPathLength)
        {
            return false;
        }

        foreach (string component in path.Split('/'))
        {
            if (Encoding.UTF8.GetByteCount(component) > MaxNameLength)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// path_extract_filename(): the last component of <paramref name="path"/>, trailing slashes and
    /// <c>.</c> components skipped; <paramref name="directory"/> tells whether something (a slash)
    /// followed it. Returns 0, or the errno upstream returns: EINVAL for an invalid path or a last
    /// component <c>..</c>, EADDRNOTAVAIL when there is no component at all (<c>/</c>, <c>.</c>).
    /// </summary>
    public static int TryExtractFileName(string path, out string fileName, out bool directory)
    {
        fileName = string.Empty;
        directory = false;
        if (!IsValidPath(path))
        {
            return Errors.Errno.EINVAL;
        }

        string[] parts = path.Split('/');
        int last = Array.FindLastIndex(parts, p => p.Length > 0 && p != ".");
        if (last < 0)
        {
            return Errors.Errno.EADDRNOTAVAIL;
        }

        if (parts[last] == ".." || !IsValidFileName(parts[last]))
        {
            return Errors.Errno.EINVAL;
        }

        fileName = parts[last];
        directory = last < parts.Length - 1;
        return 0;
    }

    /// <summary>
    /// path_extract_image_name(): the file name of <paramref name="path"/> without a <c>.sysext.raw</c>,
    /// <c>.confext.raw</c> or <c>.raw</c> suffix (unless a slash follows it, i.e. it names a directory)
    /// and without the version from the first <c>_</c> or <c>+</c> on. Returns 0, or the errno of
    /// <see cref="TryExtractFileName"/>, or EINVAL when what remains is not a valid image name.
    /// </summary>
    public static int TryExtractImageName(string path, out string name)
    {
        int errno = TryExtractFileName(path, out name, out bool directory);
        if (errno != 0)
        {
            return errno;
        }

        if (!directory)
        {
            foreach (string suffix in s_rawSuffixes)
            {
                if (name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    name = name[..^suffix.Length];
                    break;
                }
            }
        }

        int cut = name.IndexOfAny(['_', '+']);
        name = cut >= 0 ? name[..cut] : name;
        return IsValid(name) ? 0 : Errors.Errno.EINVAL;
    }

    /// <summary>filename_is_valid(): not empty, not <c>.</c> or <c>..</c>, no <c>/</c>, at most 255 bytes.</summary>
    public static bool IsValidFileName(string name) =>
        name.Length > 0 && name is not ("." or "..") && !name.Contains('/') && IsValidUtf8(name, out int bytes) && bytes <= MaxNameLength;

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
