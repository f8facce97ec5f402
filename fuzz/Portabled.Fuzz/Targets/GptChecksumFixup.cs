// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;

namespace Portabled.Fuzz.Targets;

/// <summary>
/// Rewrites the two CRC32s of a primary GPT header at LBA 1 (512-byte sectors) after mutation: the
/// partition entry array's, then the header's (UEFI 2.10, 5.3.2). Without it nearly every mutated
/// disk stops at the checksum and the fuzzer never reaches the entries or the DPS selection. Inputs
/// without the "EFI PART" signature, or whose array does not fit the input, are left alone.
/// </summary>
internal static class GptChecksumFixup
{
    private const int Sector = 512;

    public static void Apply(Span<byte> disk)
    {
        if (disk.Length < 2 * Sector || !disk.Slice(Sector, 8).SequenceEqual("EFI PART"u8))
        {
            return;
        }

        Span<byte> header = disk.Slice(Sector, Sector);
        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        ulong entriesLba = BinaryPrimitives.ReadUInt64LittleEndian(header[72..]);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(header[80..]);
        uint entrySize = BinaryPrimitives.ReadUInt32LittleEndian(header[84..]);
        ulong arrayBytes = (ulong)count * entrySize;
        if (entriesLba < (ulong)disk.Length / Sector && arrayBytes <= (ulong)disk.Length - entriesLba * Sector)
        {
            uint arrayCrc = Crc32(disk.Slice((int)(entriesLba * Sector), (int)arrayBytes));
            BinaryPrimitives.WriteUInt32LittleEndian(header[88..], arrayCrc);
        }

        if (headerSize is >= 92 and <= Sector)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(header[16..], Crc32(header[..(int)headerSize]));
        }
    }

    // The reflected CRC32 of zlib and UEFI (polynomial 0xEDB88320), bit by bit: inputs are small.
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int i = 0; i < 8; i++)
            {
                crc = (crc >> 1) ^ (0xEDB88320 & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }
}
