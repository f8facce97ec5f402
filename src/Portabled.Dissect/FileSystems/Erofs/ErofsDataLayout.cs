// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Erofs;

/// <summary>How an inode's data is stored (i_format bits 1-3, erofs_fs.h EROFS_INODE_*).</summary>
internal enum ErofsDataLayout
{
    /// <summary>Contiguous blocks from raw_blkaddr.</summary>
    FlatPlain = 0,

    /// <summary>Compressed, with 8-byte lcluster indexes.</summary>
    CompressedFull = 1,

    /// <summary>Contiguous blocks, with the tail inline after the inode.</summary>
    FlatInline = 2,

    /// <summary>Compressed, with compacted lcluster indexes.</summary>
    CompressedCompact = 3,

    /// <summary>Fixed-size chunks from a block map or chunk index array.</summary>
    ChunkBased = 4,
}
