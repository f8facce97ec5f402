// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Dissect.Compression;

/// <summary>An LZ4 block (no frame), through liblz4's bounds-checked decoder.</summary>
public sealed partial class Lz4Decompressor : IDecompressor
{
    /// <inheritdoc />
    public string Name => "lz4";

    /// <inheritdoc />
    public int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int n = DecompressSafe(ref MemoryMarshal.GetReference(source), ref MemoryMarshal.GetReference(destination), source.Length, destination.Length);
        if (n < 0)
        {
            throw new DecompressionException(Name, $"liblz4 error {n}");
        }

        return n;
    }

    /// <summary>
    /// Decodes only until <paramref name="destination"/> is full (LZ4_decompress_safe_partial): erofs
    /// clusters may decode to more than the part a file needs.
    /// </summary>
    public int DecompressPartial(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int n = DecompressSafePartial(ref MemoryMarshal.GetReference(source), ref MemoryMarshal.GetReference(destination),
            source.Length, destination.Length, destination.Length);
        if (n < 0)
        {
            throw new DecompressionException(Name, $"liblz4 error {n}");
        }

        return n;
    }

    [LibraryImport(NativeCodecLibrary.Lz4, EntryPoint = "LZ4_decompress_safe")]
    private static partial int DecompressSafe(ref byte source, ref byte destination, int compressedSize, int destinationCapacity);

    [LibraryImport(NativeCodecLibrary.Lz4, EntryPoint = "LZ4_decompress_safe_partial")]
    private static partial int DecompressSafePartial(ref byte source, ref byte destination, int compressedSize, int targetOutputSize, int destinationCapacity);
}
