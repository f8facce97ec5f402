// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems;

/// <summary>
/// One inode of a read-only file system, with its stat data. Each reader derives its own node type
/// to carry what it needs to find the node's data again (inode reference, block map, host path…);
/// a node is only valid with the file system that produced it.
/// </summary>
public class FileSystemNode
{
    /// <summary>The node type.</summary>
    public required FileType Type { get; init; }

    /// <summary>Permission bits including set-uid, set-gid and sticky (<c>07777</c>), without the type bits.</summary>
    public required uint Permissions { get; init; }

    /// <summary>Owner user id.</summary>
    public uint Uid { get; init; }

    /// <summary>Owner group id.</summary>
    public uint Gid { get; init; }

    /// <summary>Size in bytes (for symbolic links: the length of the target).</summary>
    public long Size { get; init; }

    /// <summary>Modification time, seconds since the epoch.</summary>
    public long ModificationTimeSeconds { get; init; }

    /// <summary>Nanoseconds part of the modification time (0 where the format has none).</summary>
    public uint ModificationTimeNanoseconds { get; init; }

    /// <summary>Inode number as the format numbers it (0 where the format has none).</summary>
    public ulong InodeNumber { get; init; }

    /// <summary>Hard link count.</summary>
    public uint LinkCount { get; init; } = 1;

    /// <summary>Major number of a device node.</summary>
    public uint DeviceMajor { get; init; }

    /// <summary>Minor number of a device node.</summary>
    public uint DeviceMinor { get; init; }
}
