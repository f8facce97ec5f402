// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Images;

/// <summary>systemd's rules for file and image names, applied client-side before anything is sent.</summary>
internal static class FileNames
{
    private const int NameMax = 255;

    /// <summary>filename_is_valid(): non-empty, not "." or "..", no "/", at most NAME_MAX bytes.</summary>
    public static bool IsValidFileName(string s) =>
        s.Length > 0 && s != "." && s != ".." && !s.Contains('/') && System.Text.Encoding.UTF8.GetByteCount(s) <= NameMax;

    /// <summary>
    /// image_name_is_valid(): a valid file name without control characters that is not an
    /// atomic-write temporary (".#…"). Such an argument is a name the daemon looks up; anything
    /// else is a path.
    /// </summary>
    public static bool IsValidImageName(string s) =>
        IsValidFileName(s) && !s.Any(c => c < ' ' || c == '\x7f') && !s.StartsWith(".#", StringComparison.Ordinal) && !HasLoneSurrogate(s);

    /// <summary>
    /// path_extract_filename(): the last component; errno EINVAL for an empty path or a ".." last
    /// component, EADDRNOTAVAIL when there is none ("/", ".").
    /// </summary>
    public static string? ExtractFileName(string path, out int errno)
    {
        errno = 0;
        if (path.Length == 0)
        {
            errno = Interop.Errno.EINVAL;
            return null;
        }

        string trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            errno = Interop.Errno.EADDRNOTAVAIL;
            return null;
        }

        string name = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        if (name == ".")
        {
            errno = Interop.Errno.EADDRNOTAVAIL;
            return null;
        }

        if (!IsValidFileName(name))
        {
            errno = Interop.Errno.EINVAL;
            return null;
        }

        return name;
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }

        return false;
    }
}
