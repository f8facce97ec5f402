// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Portabled.Dissect.Verity;

/*
 * The dm-verity superblock (docs/image-readers.md, "dm-verity"), 512 bytes at the hash offset of
 * the hash device, little-endian:
 *
 *   0  signature "verity\0\0"     8  version u32 (1)        12  hash type u32 (1 normal, 0 Chrome OS)
 *  16  uuid[16]                   32  algorithm char[32] ("sha256", NUL-terminated)
 *  64  data block size u32        68  hash block size u32   72  data blocks u64
 *  80  salt size u16              82  padding[6]            88  salt[256]   344 padding[168]
 */

/// <summary>The verity superblock veritysetup writes in front of the hash tree.</summary>
public sealed class VeritySuperBlock
{
    private VeritySuperBlock(uint hashType, Guid uuid, VerityHashAlgorithm algorithm, int dataBlockSize, int hashBlockSize, long dataBlocks, byte[] salt)
    {
        HashType = hashType;
        Uuid = uuid;
        Algorithm = algorithm;
        DataBlockSize = dataBlockSize;
        HashBlockSize = hashBlockSize;
        DataBlocks = dataBlocks;
        Salt = salt;
    }

    /// <summary>1 for the normal format (salt first), 0 for the Chrome OS one (salt last).</summary>
    public uint HashType { get; }

    /// <summary>The UUID veritysetup gave the hash device.</summary>
    public Guid Uuid { get; }

    /// <summary>The hash algorithm.</summary>
    public VerityHashAlgorithm Algorithm { get; }

    /// <summary>Size of a data block in bytes.</summary>
    public int DataBlockSize { get; }

    /// <summary>Size of a hash block in bytes.</summary>
    public int HashBlockSize { get; }

    /// <summary>Number of data blocks the tree covers.</summary>
    public long DataBlocks { get; }

    /// <summary>The salt (possibly empty).</summary>
    public byte[] Salt { get; }

    /// <summary>Bytes of data the tree covers.</summary>
    public long DataSize => checked(DataBlocks * DataBlockSize);

    /// <summary>True when a verity superblock signature is at <paramref name="offset"/> of <paramref name="region"/>.</summary>
    public static bool Probe(ImageRegion region, long offset = 0)
    {
        ArgumentNullException.ThrowIfNull(region);
        Span<byte> magic = stackalloc byte[VerityLayout.SignatureLength];
        return offset >= 0 && offset <= region.Length - VerityLayout.SuperBlockSize
            && region.Read(offset, magic) == magic.Length && magic.SequenceEqual(VerityLayout.SignatureBytes);
    }

    /// <summary>
    /// Reads and checks the superblock at <paramref name="offset"/> of <paramref name="hash"/>; corrupt
    /// fields throw <see cref="InvalidImageException"/>, an algorithm or block size this reader does not
    /// handle <see cref="UnsupportedImageException"/>.
    /// </summary>
    public static VeritySuperBlock Read(ImageRegion hash, long offset = 0)
    {
        ArgumentNullException.ThrowIfNull(hash);
        Span<byte> sb = stackalloc byte[VerityLayout.SuperBlockSize];
        hash.ReadExactly(offset, sb, "verity superblock");
        long at = hash.Offset + offset;
        if (!sb[..VerityLayout.SignatureLength].SequenceEqual(VerityLayout.SignatureBytes))
        {
            throw Invalid(hash, at, "no verity superblock signature");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(sb[VerityLayout.Version..]);
        if (version != VerityLayout.SupportedVersion)
        {
            throw new UnsupportedImageException(hash.ImagePath, Format($"verity superblock version {version} (only 1 is known)"));
        }

        uint hashType = BinaryPrimitives.ReadUInt32LittleEndian(sb[VerityLayout.HashType..]);
        if (hashType is not (VerityLayout.HashTypeNormal or VerityLayout.HashTypeChromeOs))
        {
            throw Invalid(hash, at + VerityLayout.HashType, Format($"unknown hash type {hashType}"));
        }

        string name = ReadAlgorithmName(hash, at, sb.Slice(VerityLayout.Algorithm, VerityLayout.AlgorithmLength));
        if (!VerityHashAlgorithm.TryGet(name, out VerityHashAlgorithm? algorithm))
        {
            throw new UnsupportedImageException(hash.ImagePath, $"verity hash algorithm '{name}' is not supported");
        }

        int dataBlockSize = ReadBlockSize(hash, at + VerityLayout.DataBlockSize, sb[VerityLayout.DataBlockSize..], "data");
        int hashBlockSize = ReadBlockSize(hash, at + VerityLayout.HashBlockSize, sb[VerityLayout.HashBlockSize..], "hash");
        if (hashBlockSize < 2 * algorithm.DigestSize)
        {
            throw Invalid(hash, at + VerityLayout.HashBlockSize, Format($"hash block size {hashBlockSize} holds fewer than two {algorithm.Name} digests"));
        }

        ulong dataBlocks = BinaryPrimitives.ReadUInt64LittleEndian(sb[VerityLayout.DataBlocks..]);
        if (dataBlocks == 0 || dataBlocks > (ulong)(long.MaxValue / dataBlockSize))
        {
            throw Invalid(hash, at + VerityLayout.DataBlocks, Format($"implausible data block count {dataBlocks}"));
        }

        int saltSize = BinaryPrimitives.ReadUInt16LittleEndian(sb[VerityLayout.SaltSize..]);
        if (saltSize > VerityLayout.MaxSaltSize)
        {
            throw Invalid(hash, at + VerityLayout.SaltSize, Format($"salt of {saltSize} bytes exceeds {VerityLayout.MaxSaltSize}"));
        }

        var uuid = new Guid(sb.Slice(VerityLayout.Uuid, 16), bigEndian: true);
        return new VeritySuperBlock(hashType, uuid, algorithm, dataBlockSize, hashBlockSize, (long)dataBlocks, sb.Slice(VerityLayout.Salt, saltSize).ToArray());
    }

    private static string ReadAlgorithmName(ImageRegion hash, long at, ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        ReadOnlySpan<byte> name = end < 0 ? field : field[..end];
        foreach (byte b in name)
        {
            if (b is < 0x21 or > 0x7e)
            {
                throw Invalid(hash, at + VerityLayout.Algorithm, "algorithm name is not printable ASCII");
            }
        }

        return Encoding.ASCII.GetString(name);
    }

    private static int ReadBlockSize(ImageRegion hash, long at, ReadOnlySpan<byte> field, string which)
    {
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(field);
        if (size < VerityLayout.MinBlockSize || !BitOperations.IsPow2(size))
        {
            throw Invalid(hash, at, Format($"{which} block size {size} is not a power of two of at least {VerityLayout.MinBlockSize}"));
        }

        if (size > VerityLayout.MaxBlockSize)
        {
            throw new UnsupportedImageException(hash.ImagePath, Format($"verity {which} block size {size} exceeds {VerityLayout.MaxBlockSize}"));
        }

        return (int)size;
    }

    private static InvalidImageException Invalid(ImageRegion hash, long at, string problem) =>
        new(hash.ImagePath, "verity superblock", at, problem);

    private static string Format(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
