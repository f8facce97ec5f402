// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Security.Cryptography;

namespace Portabled.Dissect.Verity;

/// <summary>
/// A hash algorithm a verity superblock may name, by the kernel crypto name veritysetup writes
/// (<c>sha256</c> is its default; <c>sha1</c> and <c>sha512</c> are the other common ones).
/// </summary>
public sealed class VerityHashAlgorithm
{
    private static readonly VerityHashAlgorithm[] s_all =
    [
        new("sha1", HashAlgorithmName.SHA1, 20),
        new("sha256", HashAlgorithmName.SHA256, 32),
        new("sha384", HashAlgorithmName.SHA384, 48),
        new("sha512", HashAlgorithmName.SHA512, 64),
    ];

    private VerityHashAlgorithm(string name, HashAlgorithmName hashName, int digestSize)
    {
        Name = name;
        HashName = hashName;
        DigestSize = digestSize;
    }

    /// <summary>The name as the superblock spells it (<c>sha256</c>).</summary>
    public string Name { get; }

    /// <summary>The .NET name of the algorithm.</summary>
    public HashAlgorithmName HashName { get; }

    /// <summary>Digest size in bytes.</summary>
    public int DigestSize { get; }

    /// <summary>Looks up <paramref name="name"/> (exact, lower case as veritysetup writes it).</summary>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VerityHashAlgorithm? algorithm)
    {
        algorithm = s_all.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));
        return algorithm is not null;
    }
}
