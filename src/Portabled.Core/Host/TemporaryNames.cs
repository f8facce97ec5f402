// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using System.Text;

namespace Portabled.Core.Host;

/// <summary>
/// The names of staged files (docs/reliability.md, "Crash safety"): <c>.#NAME</c> followed by 16
/// random lowercase hex digits, beside the final name, as systemd's tempfn_random() makes them (so
/// the recovery sweep also clears what a killed upstream daemon left). PID 1 ignores them: <c>#</c>
/// is not valid in a unit name and drop-in lists skip hidden files.
/// </summary>
internal static partial class TemporaryNames
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

        return ".#" + name + Convert.ToHexStringLower(RandomSuffix());
    }

    // getrandom(2), not RandomNumberGenerator: that one loads OpenSSL (libssl and libcrypto, 3.6 MiB
    // of the daemon's resident memory from then on) for eight bytes. The names need not be secret
    // (every staged file is created O_EXCL); when the kernel's pool is not ready yet (GRND_NONBLOCK
    // fails early at boot), a non-cryptographic generator does as well.
    private static unsafe byte[] RandomSuffix()
    {
        const uint NonBlocking = 1;
        byte[] bytes = new byte[SuffixLength / 2];
        fixed (byte* buffer = bytes)
        {
            if (GetRandom(buffer, (nuint)bytes.Length, NonBlocking) == bytes.Length)
            {
                return bytes;
            }
        }

        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    [LibraryImport("libc.so.6", EntryPoint = "getrandom", SetLastError = true)]
    private static unsafe partial nint GetRandom(byte* buffer, nuint length, uint flags);

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
