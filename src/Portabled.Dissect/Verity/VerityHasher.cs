// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Security.Cryptography;

namespace Portabled.Dissect.Verity;

/// <summary>
/// Computes the digest of one data or hash block the way dm-verity does: H(salt ‖ block) for hash
/// type 1, H(block ‖ salt) for hash type 0. Not thread-safe: one per thread; allocation-free per block.
/// </summary>
internal sealed class VerityHasher : IDisposable
{
    private readonly IncrementalHash _hash;
    private readonly byte[] _salt;
    private readonly bool _saltFirst;

    public VerityHasher(VeritySuperBlock superBlock)
    {
        _hash = IncrementalHash.CreateHash(superBlock.Algorithm.HashName);
        _salt = superBlock.Salt;
        _saltFirst = superBlock.HashType == VerityLayout.HashTypeNormal;
        DigestSize = superBlock.Algorithm.DigestSize;
    }

    public int DigestSize { get; }

    /// <summary>Writes the digest of <paramref name="block"/> to <paramref name="digest"/> (<see cref="DigestSize"/> bytes).</summary>
    public void Hash(ReadOnlySpan<byte> block, Span<byte> digest)
    {
        if (_saltFirst)
        {
            _hash.AppendData(_salt);
            _hash.AppendData(block);
        }
        else
        {
            _hash.AppendData(block);
            _hash.AppendData(_salt);
        }

        _hash.GetHashAndReset(digest);
    }

    /// <summary>True when the digest of <paramref name="block"/> equals <paramref name="expected"/>.</summary>
    public bool Matches(ReadOnlySpan<byte> block, ReadOnlySpan<byte> expected)
    {
        Span<byte> digest = stackalloc byte[64];
        digest = digest[..DigestSize];
        Hash(block, digest);
        return digest.SequenceEqual(expected);
    }

    public void Dispose() => _hash.Dispose();
}
