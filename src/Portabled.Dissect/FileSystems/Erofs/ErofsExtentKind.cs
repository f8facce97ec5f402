// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Erofs;

/// <summary>How an extent's bytes are stored.</summary>
internal enum ErofsExtentKind
{
    /// <summary>Compressed in a pcluster.</summary>
    Compressed,

    /// <summary>Stored uncompressed at the start of its pcluster (PLAIN, "shifted").</summary>
    Plain,

    /// <summary>Stored in the packed inode at a fragment offset.</summary>
    Fragment,
}
