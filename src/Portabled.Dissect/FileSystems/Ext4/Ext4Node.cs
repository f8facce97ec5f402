// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Ext4;

/// <summary>A node of an ext2/3/4 file system: the stat data plus the parsed inode it came from.</summary>
public sealed class Ext4Node : FileSystemNode
{
    /// <summary>The inode, kept to find the node's data (extents, block map, inline data) again.</summary>
    internal Ext4Inode Inode { get; init; } = null!;
}
