// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Dissect.Compression;

/// <summary>One complete .xz stream (squashfs xz blocks are such streams), through liblzma's single-call decoder.</summary>
public sealed partial class XzDecompressor : IDecompressor
{
    // lzma_stream_buffer_decode's memory limit: squashfs dictionaries are at most the block size (1 MiB).
    private const ulong MemoryLimit = 64UL << 20;

    /// <inheritdoc />
    public string Name => "xz";

    /// <inheritdoc />
    public int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ulong memlimit = MemoryLimit;
        nuint inPos = 0;
        nuint outPos = 0;
        int ret = StreamBufferDecode(ref memlimit, 0, IntPtr.Zero,
            ref MemoryMarshal.GetReference(source), ref inPos, (nuint)source.Length,
            ref MemoryMarshal.GetReference(destination), ref outPos, (nuint)destination.Length);
        if (ret != 0)
        {
            // LZMA_BUF_ERROR (10) here means the output did not fit or the input was truncated.
            throw new DecompressionException(Name, $"liblzma error {ret}");
        }

        return (int)outPos;
    }

    [LibraryImport(NativeCodecLibrary.Lzma, EntryPoint = "lzma_stream_buffer_decode")]
    private static partial int StreamBufferDecode(ref ulong memlimit, uint flags, IntPtr allocator,
        ref byte input, ref nuint inPos, nuint inSize, ref byte output, ref nuint outPos, nuint outSize);
}
