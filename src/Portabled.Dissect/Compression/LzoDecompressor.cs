// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Dissect.Compression;

/// <summary>
/// A raw LZO1X block (squashfs "lzo"), through liblzo2's bounds-checked <c>lzo1x_decompress_safe</c>.
/// Preferred when liblzo2 is installed; <see cref="Lzo1xDecompressor"/> is the managed fallback.
/// </summary>
public sealed partial class LzoDecompressor : IDecompressor
{
    private const int LzoOk = 0;

    /// <inheritdoc />
    public string Name => "lzo";

    /// <inheritdoc />
    public int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        nuint written = (nuint)destination.Length;
        int ret = DecompressSafe(ref MemoryMarshal.GetReference(source), (nuint)source.Length,
            ref MemoryMarshal.GetReference(destination), ref written, IntPtr.Zero);
        if (ret != LzoOk)
        {
            // LZO_E_OUTPUT_OVERRUN (-5) means more output than the destination holds; -8 trailing input.
            throw new DecompressionException(Name, $"liblzo2 error {ret}");
        }

        return (int)written;
    }

    [LibraryImport(NativeCodecLibrary.Lzo2, EntryPoint = "lzo1x_decompress_safe")]
    private static partial int DecompressSafe(ref byte source, nuint sourceLength, ref byte destination, ref nuint destinationLength, IntPtr workMemory);
}
