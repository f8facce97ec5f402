// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.HostDirectory;

/// <summary>A node of a directory image: its host path and the status taken when it was looked up.</summary>
public sealed class HostDirectoryNode : FileSystemNode
{
    /// <summary>Absolute host path of the node (inside the image directory).</summary>
    public required string HostPath { get; init; }

    /// <summary>Host device number, compared again when the file is opened.</summary>
    internal ulong Device { get; init; }
}
