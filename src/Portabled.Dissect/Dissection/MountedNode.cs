// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems;

namespace Portabled.Dissect.Dissection;

/// <summary>A node of a <see cref="MountedFileSystem"/>: the stat data of the node it wraps, plus the file system that node belongs to.</summary>
internal sealed class MountedNode : FileSystemNode
{
    public MountedNode(IReadOnlyFileSystem? owner, FileSystemNode? inner)
    {
        Owner = owner;
        Inner = inner;
    }

    /// <summary>The file system of <see cref="Inner"/>; null for the synthetic root of a usr-only image.</summary>
    public IReadOnlyFileSystem? Owner { get; }

    /// <summary>The wrapped node.</summary>
    public FileSystemNode? Inner { get; }

    public static MountedNode Wrap(IReadOnlyFileSystem owner, FileSystemNode inner) => new(owner, inner)
    {
        Type = inner.Type,
        Permissions = inner.Permissions,
        Uid = inner.Uid,
        Gid = inner.Gid,
        Size = inner.Size,
        ModificationTimeSeconds = inner.ModificationTimeSeconds,
        ModificationTimeNanoseconds = inner.ModificationTimeNanoseconds,
        InodeNumber = inner.InodeNumber,
        LinkCount = inner.LinkCount,
        DeviceMajor = inner.DeviceMajor,
        DeviceMinor = inner.DeviceMinor,
    };
}
