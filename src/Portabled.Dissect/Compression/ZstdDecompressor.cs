// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Dissect.Compression;

/// <summary>One zstd frame, through libzstd's single-call decoder (bounded by the destination).</summary>
public sealed partial class ZstdDecompressor : IDecompressor
{
    /// <inheritdoc />
    public string Name => "zstd";

    /// <inheritdoc />
    public int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        nuint n = ZstdDecompress(ref MemoryMarshal.GetReference(destination), (nuint)destination.Length,
            ref MemoryMarshal.GetReference(source), (nuint)source.Length);
        if (IsError(n) != 0)
        {
            throw new DecompressionException(Name, Marshal.PtrToStringUTF8(GetErrorName(n)) ?? "unknown error");
        }

        return (int)n;
    }

    [LibraryImport(NativeCodecLibrary.Zstd, EntryPoint = "ZSTD_decompress")]
    private static partial nuint ZstdDecompress(ref byte destination, nuint destinationCapacity, ref byte source, nuint sourceSize);

    [LibraryImport(NativeCodecLibrary.Zstd, EntryPoint = "ZSTD_isError")]
    private static partial uint IsError(nuint code);

    [LibraryImport(NativeCodecLibrary.Zstd, EntryPoint = "ZSTD_getErrorName")]
    private static partial IntPtr GetErrorName(nuint code);
}
