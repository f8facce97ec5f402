// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Checksums;

/// <summary>
/// CRC-32 as used by UEFI GPT (UEFI 2.10 section 4.2 and section 5.3.2): the IEEE 802.3 polynomial in reflected
/// form (0xEDB88320), initial value 0xFFFFFFFF, final XOR 0xFFFFFFFF; the same function as zlib's
/// crc32(). A 256-entry table, one byte per step: GPT headers and entry arrays are small.
/// </summary>
internal static class Crc32
{
    private const uint ReflectedPolynomial = 0xEDB88320;

    private static readonly uint[] s_table = BuildTable();

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

    /// <summary>Initial running value.</summary>
    public const uint Start = 0xFFFFFFFF;

    /// <summary>Feeds <paramref name="data"/> into a running value (start with <see cref="Start"/>).</summary>
    public static uint Append(uint running, ReadOnlySpan<byte> data)
    {
        uint[] table = s_table;
        foreach (byte b in data)
        {
            running = table[(running ^ b) & 0xFF] ^ (running >> 8);
        }

        return running;
    }

    /// <summary>Turns a running value into the CRC.</summary>
    public static uint Finish(uint running) => running ^ 0xFFFFFFFF;

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? ReflectedPolynomial ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
