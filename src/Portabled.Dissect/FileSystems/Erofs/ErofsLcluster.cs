// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Erofs;

/// <summary>
/// One decoded logical cluster index: its type, and for a HEAD/PLAIN lcluster where its extent
/// starts inside it and the block of its pcluster; for the first NONHEAD of a big pcluster the
/// pcluster's compressed block count (0 otherwise).
/// </summary>
internal readonly record struct ErofsLcluster(int Type, int ClusterOffset, long BlockAddress, int CompressedBlocks)
{
    /// <summary>HEAD1, HEAD2 or PLAIN: an extent starts in this lcluster.</summary>
    public bool IsHead => Type != ErofsLayout.LclusterTypeNonHead;
}
