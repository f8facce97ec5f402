// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Compression;

/*
 * LZO1X (version 0, as squashfs writes it), decoded in managed code from the stream format
 * description in Linux's Documentation/staging/lzo.rst. The stream is a series of instructions;
 * "state" is the number of literals the previous instruction copied (0, 1–3, or 4 for "4 or more"):
 *   first byte 18…255   copy (byte − 17) literals; state = min(that, 4)
 *   0000LLLL, state 0   copy 3 + len(L, 4 bits, +15) literals; state = 4
 *   0000DDSS, state 1-3 copy 2 bytes at distance (next << 2) + D + 1;    then S literals
 *   0000DDSS, state 4   copy 3 bytes at distance (next << 2) + D + 2049; then S literals
 *   0001HLLL            copy 2 + len(L, 3 bits, +7) bytes at 16384 + (H << 14) + (LE16 >> 2);
 *                       distance 16384 means end of stream
 *   001LLLLL            copy 2 + len(L, 5 bits, +31) bytes at (LE16 >> 2) + 1
 *   01LDDDSS            copy 3 + L bytes at (next << 3) + D + 1
 *   1LLDDDSS            copy 5 + L bytes at (next << 3) + D + 1
 * where LE16 & 3 is S, and a zero length field is extended by 255 per zero byte plus the first
 * non-zero byte. Every read and write is bounds-checked; the input must end exactly at the
 * end-of-stream instruction.
 */

/// <summary>A raw LZO1X block (squashfs "lzo"), decoded in managed code; used when liblzo2 is not installed.</summary>
public sealed class Lzo1xDecompressor : IDecompressor
{
    /// <inheritdoc />
    public string Name => "lzo";

    /// <inheritdoc />
    public int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var d = new Decoder(source, destination);
        return d.Run();
    }

    private ref struct Decoder
    {
        private readonly ReadOnlySpan<byte> _in;
        private readonly Span<byte> _out;
        private int _ip;
        private int _op;

        public Decoder(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            _in = source;
            _out = destination;
        }

        public int Run()
        {
            int state = 0;
            if (_in.Length > 0 && _in[0] > 17)
            {
                int count = _in[_ip++] - 17;
                CopyLiterals(count);
                state = Math.Min(count, 4);
            }

            while (true)
            {
                int inst = Next();
                int length;
                int distance;
                if (inst < 16)
                {
                    if (state == 0)
                    {
                        length = 3 + ExtendedLength(inst & 15, 15);
                        CopyLiterals(length);
                        state = 4;
                        continue;
                    }

                    length = state < 4 ? 2 : 3;
                    distance = (Next() << 2) + ((inst >> 2) & 3) + (state < 4 ? 1 : 2049);
                }
                else if (inst < 32)
                {
                    length = 2 + ExtendedLength(inst & 7, 7);
                    int le16 = NextLe16();
                    distance = 16384 + ((inst & 8) << 11) + (le16 >> 2);
                    if (distance == 16384)
                    {
                        if (_ip != _in.Length)
                        {
                            throw Corrupt("input continues after the end of the stream");
                        }

                        return _op;
                    }

                    inst = le16;
                }
                else if (inst < 64)
                {
                    length = 2 + ExtendedLength(inst & 31, 31);
                    int le16 = NextLe16();
                    distance = (le16 >> 2) + 1;
                    inst = le16;
                }
                else
                {
                    length = inst < 128 ? 3 + ((inst >> 5) & 1) : 5 + ((inst >> 5) & 3);
                    distance = (Next() << 3) + ((inst >> 2) & 7) + 1;
                }

                CopyMatch(distance, length);
                state = inst & 3;
                CopyLiterals(state);
            }
        }

        private int Next()
        {
            if (_ip >= _in.Length)
            {
                throw Corrupt("input ends before the end-of-stream instruction");
            }

            return _in[_ip++];
        }

        private int NextLe16() => Next() | (Next() << 8);

        /// <summary>A length field of the instruction; zero means "mask + 255 per zero byte + the next non-zero byte".</summary>
        private int ExtendedLength(int field, int mask)
        {
            if (field != 0)
            {
                return field;
            }

            long length = mask;
            int b;
            while ((b = Next()) == 0)
            {
                length += 255;
                if (length > _out.Length)
                {
                    throw Corrupt("length exceeds the output buffer");
                }
            }

            return (int)Math.Min(length + b, int.MaxValue / 2);
        }

        private void CopyLiterals(int count)
        {
            if (count > _in.Length - _ip)
            {
                throw Corrupt("literal run exceeds the input");
            }

            if (count > _out.Length - _op)
            {
                throw Corrupt("output exceeds the destination");
            }

            _in.Slice(_ip, count).CopyTo(_out[_op..]);
            _ip += count;
            _op += count;
        }

        private void CopyMatch(int distance, int length)
        {
            if (distance > _op)
            {
                throw Corrupt("match distance reaches before the start of the output");
            }

            if (length > _out.Length - _op)
            {
                throw Corrupt("output exceeds the destination");
            }

            // Byte by byte: a match may overlap the bytes it produces.
            int from = _op - distance;
            for (int i = 0; i < length; i++)
            {
                _out[_op++] = _out[from + i];
            }
        }

        private static DecompressionException Corrupt(string problem) => new("lzo", problem);
    }
}
