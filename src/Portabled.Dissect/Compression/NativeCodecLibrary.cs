// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Portabled.Dissect.Compression;

/// <summary>
/// The decompression libraries libsystemd0 itself depends on (so every systemd host has them),
/// loaded on first use. A reader asks <see cref="EnsureAvailable"/> when it opens an image, so a
/// missing library is reported once, by name, instead of failing in the middle of a read.
/// </summary>
public static class NativeCodecLibrary
{
    /// <summary>liblzma (xz and legacy lzma).</summary>
    public const string Lzma = "liblzma.so.5";

    /// <summary>liblz4.</summary>
    public const string Lz4 = "liblz4.so.1";

    /// <summary>libzstd.</summary>
    public const string Zstd = "libzstd.so.1";

    /// <summary>liblzo2 (optional; squashfs lzo).</summary>
    public const string Lzo2 = "liblzo2.so.2";

    private static readonly ConcurrentDictionary<string, bool> s_available = new(StringComparer.Ordinal);

    /// <summary>Whether the library can be loaded.</summary>
    public static bool IsAvailable(string library) =>
        s_available.GetOrAdd(library, static name =>
        {
            if (!NativeLibrary.TryLoad(name, out IntPtr handle))
            {
                return false;
            }

            NativeLibrary.Free(handle);
            return true;
        });

    /// <summary>Throws <see cref="UnsupportedImageException"/> naming <paramref name="library"/> when it is missing.</summary>
    public static void EnsureAvailable(string library, string algorithm, string image)
    {
        if (!IsAvailable(library))
        {
            throw new UnsupportedImageException(image, $"{algorithm} compression needs {library}, which is not installed");
        }
    }
}
