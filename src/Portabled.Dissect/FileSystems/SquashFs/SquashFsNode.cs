// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.SquashFs;

/// <summary>
/// A squashfs inode: its stat data plus what the reader needs to find its listing, data or target
/// again. Directory nodes remember the directory they were found in, which lets the reader refuse a
/// directory entry that leads back to an ancestor (a cycle) without any recursion of its own.
/// </summary>
public sealed class SquashFsNode : FileSystemNode
{
    /// <summary>Inode reference: (metadata block offset in the inode table &lt;&lt; 16) | offset in the block.</summary>
    public required ulong InodeReference { get; init; }

    internal SquashFsInodeType InodeType { get; init; }

    /// <summary>Directory the node was found in (directories only; null for the root).</summary>
    internal SquashFsNode? Parent { get; init; }

    /// <summary>Number of directories between the root and this directory.</summary>
    internal int Depth { get; init; }

    /// <summary>Directory listing: metadata block offset in the directory table.</summary>
    internal uint ListingBlock { get; init; }

    /// <summary>Directory listing: offset in the decompressed metadata block.</summary>
    internal int ListingOffset { get; init; }

    /// <summary>Directory listing length in bytes (stored size minus the implicit 3).</summary>
    internal uint ListingSize { get; init; }

    /// <summary>Regular file: absolute position of the first data block.</summary>
    internal long DataStart { get; init; }

    /// <summary>Regular file: fragment index of the tail end, or <see cref="SquashFsLayout.NoFragment"/>.</summary>
    internal uint FragmentIndex { get; init; } = SquashFsLayout.NoFragment;

    /// <summary>Regular file: offset of the tail end in the decompressed fragment block.</summary>
    internal uint FragmentOffset { get; init; }

    /// <summary>Regular file: number of entries in the block list.</summary>
    internal int BlockCount { get; init; }

    /// <summary>Regular file: absolute position of the metadata block where the block list starts.</summary>
    internal long BlockListBlock { get; init; }

    /// <summary>Regular file: offset of the block list in that decompressed metadata block.</summary>
    internal int BlockListOffset { get; init; }

    /// <summary>Index into the xattr id table (extended inode types), or <see cref="SquashFsLayout.NoXattr"/>.</summary>
    internal uint XattrIndex { get; init; } = SquashFsLayout.NoXattr;

    /// <summary>Symbolic link target.</summary>
    internal string? Target { get; init; }
}
