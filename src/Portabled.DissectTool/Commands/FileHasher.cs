// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers;
using System.Security.Cryptography;
using Portabled.Dissect.FileSystems;

namespace Portabled.DissectTool.Commands;

/// <summary>The SHA-256 of a regular file's contents, as --mtree prints it (lower-case hex).</summary>
internal static class FileHasher
{
    // Bytes read per call: a few squashfs blocks' worth, so a cancelled hash stops within milliseconds.
    private const int ChunkBytes = 256 << 10;

    public static string Sha256(IReadOnlyFileSystem fs, FileSystemNode file, CancellationToken cancellationToken)
    {
        using Stream content = fs.OpenRead(file);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int n;
            while ((n = content.Read(chunk, 0, ChunkBytes)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(chunk, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
