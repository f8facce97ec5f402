// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Checksums;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), table driven. ext4 and erofs chain the raw
/// register (no final inversion) from a seed, so <see cref="Update"/> exposes exactly that; the
/// conventional checksum of a buffer is <c>~Update(~0u, data)</c>.
/// </summary>
internal static class Crc32C
{
    private const uint Polynomial = 0x82F63B78;

    private static readonly uint[] s_table = BuildTable();

    /// <summary>Feeds <paramref name="data"/> into the register <paramref name="crc"/> and returns the new register.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] table = s_table;
        foreach (byte b in data)
        {
            crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return crc;
    }

    /// <summary>Feeds a little-endian u32 into the register.</summary>
    public static uint UpdateUInt32(uint crc, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return Update(crc, bytes);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
