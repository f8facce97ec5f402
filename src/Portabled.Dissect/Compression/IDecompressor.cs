// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Compression;

/// <summary>
/// Decompresses one self-contained compressed block (a squashfs data or metadata block, an erofs
/// cluster). The destination's length is the limit: output that would not fit is an error, so a
/// hostile block can never make the caller allocate or write more than it planned.
/// </summary>
public interface IDecompressor
{
    /// <summary>Algorithm name as the file system tools spell it (<c>gzip</c>, <c>xz</c>, <c>lz4</c>, <c>zstd</c>, …).</summary>
    string Name { get; }

    /// <summary>
    /// Decompresses <paramref name="source"/> into <paramref name="destination"/> and returns the
    /// number of bytes written. Throws <see cref="DecompressionException"/> on corrupt input or output
    /// larger than the destination.
    /// </summary>
    int Decompress(ReadOnlySpan<byte> source, Span<byte> destination);
}
