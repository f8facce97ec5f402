// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Erofs;

/// <summary>A node of an erofs file system: the stat data plus the inode it was read from.</summary>
internal sealed class ErofsNode : FileSystemNode
{
    /// <summary>The inode (its nid is also the node's inode number, as Linux numbers erofs inodes).</summary>
    public required ErofsInode Inode { get; init; }
}
