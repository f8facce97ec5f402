// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Security.Cryptography;
using System.Text;

namespace Portabled.Core.Host;

/// <summary>
/// The names of staged files (docs/reliability.md, "Crash safety"): <c>.#NAME</c> followed by 16
/// random lowercase hex digits, beside the final name, as systemd's tempfn_random() makes them (so
/// the recovery sweep also clears what a killed upstream daemon left). PID 1 ignores them: <c>#</c>
/// is not valid in a unit name and drop-in lists skip hidden files.
/// </summary>
internal static class TemporaryNames
{
    /// <summary>Hex digits after the name.</summary>
    public const int SuffixLength = 16;

    private const int MaxNameBytes = 255;

    /// <summary>A fresh temporary name for <paramref name="fileName"/>, shortened to fit NAME_MAX.</summary>
    public static string For(string fileName)
    {
        string name = fileName;
        while (Encoding.UTF8.GetByteCount(name) > MaxNameBytes - 2 - SuffixLength)
        {
            name = name[..^1];
        }

        return ".#" + name + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SuffixLength / 2));
    }

    /// <summary>Whether a file name has the form of a temporary name.</summary>
    public static bool IsTemporary(string fileName) =>
        fileName.Length > 2 + SuffixLength && fileName.StartsWith(".#", StringComparison.Ordinal) &&
        fileName.AsSpan(fileName.Length - SuffixLength).IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary>Whether <paramref name="temporary"/> is a temporary name made for <paramref name="fileName"/>.</summary>
    public static bool IsTemporaryOf(string temporary, string fileName)
    {
        if (!IsTemporary(temporary))
        {
            return false;
        }

        string stem = temporary[2..^SuffixLength];
        return stem.Length > 0 && fileName.StartsWith(stem, StringComparison.Ordinal);
    }
}
