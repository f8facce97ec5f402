// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Erofs;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), table-driven, one byte at a time. The
/// running value is raw (no final inversion), as the Linux <c>crc32c(seed, …)</c> helper the erofs
/// superblock checksum is defined with.
/// </summary>
internal static class Crc32C
{
    private const uint Polynomial = 0x82F63B78;

    private static readonly uint[] s_table = BuildTable();

    /// <summary>Continues <paramref name="crc"/> over <paramref name="data"/>.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] table = s_table;
        foreach (byte b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
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
