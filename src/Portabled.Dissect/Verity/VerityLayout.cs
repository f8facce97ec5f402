// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Verity;

/// <summary>
/// Byte offsets of the dm-verity superblock veritysetup writes at the start of the hash area
/// (docs/image-readers.md, "dm-verity"; all integers little-endian, 512 bytes in all):
/// signature "verity\0\0", version, hash type, UUID, algorithm name, data and hash block sizes,
/// data block count, salt size and salt.
/// </summary>
internal static class VerityLayout
{
    public const int SuperBlockSize = 512;
    public const int Signature = 0;
    public const int SignatureLength = 8;
    public const int Version = 8;
    public const int HashType = 12;
    public const int Uuid = 16;
    public const int Algorithm = 32;
    public const int AlgorithmLength = 32;
    public const int DataBlockSize = 64;
    public const int HashBlockSize = 68;
    public const int DataBlocks = 72;
    public const int SaltSize = 80;
    public const int Salt = 88;
    public const int MaxSaltSize = 256;

    /// <summary>The only superblock version there is.</summary>
    public const uint SupportedVersion = 1;

    /// <summary>Hash type 1 (the normal one): digest = H(salt ‖ block).</summary>
    public const uint HashTypeNormal = 1;

    /// <summary>Hash type 0 (Chrome OS): digest = H(block ‖ salt).</summary>
    public const uint HashTypeChromeOs = 0;

    /// <summary>Block sizes are powers of two from one sector up to the largest page size Linux runs with.</summary>
    public const int MinBlockSize = 512;
    public const int MaxBlockSize = 65536;

    /// <summary>The kernel's (and cryptsetup's) bound on the tree height.</summary>
    public const int MaxLevels = 63;

    public static ReadOnlySpan<byte> SignatureBytes => "verity\0\0"u8;
}
