// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Dissect.Compression;

/// <summary>
/// A legacy "LZMA alone" stream (13-byte header: properties, dictionary size, uncompressed size;
/// squashfs compressor id 2), through liblzma's <c>lzma_alone_decoder</c>. Linux cannot mount
/// such images, so real portabled fails on them; we can read them.
/// </summary>
public sealed partial class LzmaAloneDecompressor : IDecompressor
{
    // Dictionaries of squashfs lzma blocks are at most the block size (1 MiB).
    private const ulong MemoryLimit = 64UL << 20;
    private const int LzmaOk = 0;
    private const int LzmaStreamEnd = 1;
    private const int LzmaFinish = 3;
    private const int MaxCodeCalls = 8;

    /// <inheritdoc />
    public string Name => "lzma";

    /// <inheritdoc />
    public unsafe int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        // lzma_stream keeps the buffer pointers between calls, so both spans stay pinned throughout;
        // the struct itself is a local and does not move either.
        var stream = default(LzmaStream);
        int ret = AloneDecoder(ref stream, MemoryLimit);
        if (ret != LzmaOk)
        {
            throw new DecompressionException(Name, $"liblzma error {ret} initialising the decoder");
        }

        try
        {
            fixed (byte* input = source)
            fixed (byte* output = destination)
            {
                stream.NextIn = (IntPtr)input;
                stream.AvailIn = (nuint)source.Length;
                stream.NextOut = (IntPtr)output;
                stream.AvailOut = (nuint)destination.Length;
                for (int calls = 0; calls < MaxCodeCalls; calls++)
                {
                    ret = Code(ref stream, LzmaFinish);
                    if (ret == LzmaStreamEnd)
                    {
                        return (int)((ulong)destination.Length - stream.AvailOut);
                    }

                    if (ret != LzmaOk)
                    {
                        // LZMA_BUF_ERROR (10): truncated input or output larger than the destination.
                        throw new DecompressionException(Name, $"liblzma error {ret}");
                    }
                }

                throw new DecompressionException(Name, "the decoder made no progress");
            }
        }
        finally
        {
            End(ref stream);
        }
    }

    [LibraryImport(NativeCodecLibrary.Lzma, EntryPoint = "lzma_alone_decoder")]
    private static partial int AloneDecoder(ref LzmaStream stream, ulong memlimit);

    [LibraryImport(NativeCodecLibrary.Lzma, EntryPoint = "lzma_code")]
    private static partial int Code(ref LzmaStream stream, int action);

    [LibraryImport(NativeCodecLibrary.Lzma, EntryPoint = "lzma_end")]
    private static partial void End(ref LzmaStream stream);
}
