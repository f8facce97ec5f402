// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Dissect.Verity.OpenSsl;

/// <summary>
/// OpenSSL 3's libcrypto, which systemd itself uses to check root hash signatures in userspace
/// (docs/image-readers.md, "Checking a signature with OpenSSL"). Every systemd host has it
/// (libsystemd-shared links it). It is loaded on first use, never at start: the P/Invokes bind
/// lazily, and <see cref="IsAvailable"/> is asked only when a signature is checked.
/// </summary>
internal static partial class LibCrypto
{
    /// <summary>The library's soname.</summary>
    public const string Name = "libcrypto.so.3";

    private static readonly Lazy<bool> s_available = new(() => NativeLibrary.TryLoad(Name, out _));

    /// <summary>Whether libcrypto can be loaded (tried once; the library stays loaded).</summary>
    public static bool IsAvailable => s_available.Value;

    /// <summary>
    /// Empties this thread's OpenSSL error queue. A failed call leaves its reasons queued there; left
    /// behind, they would be reported by the next unrelated OpenSSL user on the thread (.NET's own crypto too).
    /// </summary>
    [LibraryImport(Name, EntryPoint = "ERR_clear_error")]
    public static partial void ClearErrors();
}
