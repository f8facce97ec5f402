// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Verity;

/// <summary>
/// A block of a verity-protected partition does not match its hash: where the kernel's dm-verity
/// fails the read with EIO, the read fails with this exception (HResult EIO), naming the image and the
/// block. The bytes are never handed out.
/// </summary>
public sealed class VerityMismatchException : InvalidImageException
{
    private const int EIO = 5;

    /// <summary>Creates the exception for <paramref name="block"/> (a data block, or a hash block of <paramref name="level"/>) at absolute byte <paramref name="offset"/>.</summary>
    public VerityMismatchException(string image, VerityBlockKind kind, long block, int level, long offset, string problem)
        : base(image, Describe(kind, block, level), offset, problem)
    {
        Kind = kind;
        Block = block;
        Level = level;
        HResult = EIO;
    }

    /// <summary>Which kind of block failed.</summary>
    public VerityBlockKind Kind { get; }

    /// <summary>The data block number (from the start of the data), or the hash block number (from the start of the hash device).</summary>
    public long Block { get; }

    /// <summary>The tree level of a hash block (0 holds the data blocks' digests), or -1 for a data block.</summary>
    public int Level { get; }

    private static string Describe(VerityBlockKind kind, long block, int level) => kind switch
    {
        VerityBlockKind.Data => FormattableString.Invariant($"verity data block {block}"),
        _ => FormattableString.Invariant($"verity hash block {block} (level {level})"),
    };
}
