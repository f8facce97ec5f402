// SPDX-License-Identifier: LGPL-2.1-or-later
using System.IO.Compression;

namespace Portabled.Dissect.Compression;

/// <summary>zlib-wrapped deflate (squashfs "gzip"), or raw deflate (erofs "deflate"), through the BCL.</summary>
public sealed class ZlibDecompressor : IDecompressor
{
    private readonly bool _raw;

    /// <summary>Creates a decompressor; <paramref name="raw"/> selects raw deflate without the zlib header.</summary>
    public ZlibDecompressor(bool raw = false)
    {
        _raw = raw;
    }

    /// <inheritdoc />
    public string Name => _raw ? "deflate" : "gzip";

    /// <inheritdoc />
    public int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        using var input = new MemoryStream(source.ToArray(), writable: false);
        using Stream inflater = _raw ? new DeflateStream(input, CompressionMode.Decompress) : new ZLibStream(input, CompressionMode.Decompress);
        try
        {
            int total = 0;
            while (total < destination.Length)
            {
                int n = inflater.Read(destination[total..]);
                if (n == 0)
                {
                    return total;
                }

                total += n;
            }

            Span<byte> probe = stackalloc byte[1];
            if (inflater.Read(probe) != 0)
            {
                throw new DecompressionException(Name, $"output exceeds {destination.Length} bytes");
            }

            return total;
        }
        catch (InvalidDataException e)
        {
            throw new DecompressionException(Name, e.Message);
        }
        catch (IOException e) when (e is not DecompressionException)
        {
            // ZLibException: zlib codes the BCL does not map, e.g. Z_NEED_DICT for a stream whose
            // header asks for a preset dictionary (squashfs never uses one). Found by fuzzing.
            throw new DecompressionException(Name, e.Message);
        }
    }
}
