// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Erofs;

/// <summary>
/// One mapped extent of a compressed file: the logical byte range [Start, End), and where its
/// bytes come from: a pcluster (file-system byte position and length) with its algorithm, or the
/// packed inode at <see cref="PhysicalStart"/> for a fragment.
/// </summary>
internal readonly record struct ErofsCompressedExtent(long Start, long End, ErofsExtentKind Kind, long PhysicalStart, int PhysicalLength, int Algorithm)
{
    /// <summary>Decompressed length.</summary>
    public int Length => (int)(End - Start);

    /// <summary>Whether <paramref name="position"/> lies in the extent.</summary>
    public bool Contains(long position) => position >= Start && position < End;
}
