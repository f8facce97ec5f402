// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Units;

/// <summary>A directory entry as readdir() reports it (d_type): its name, whether it is a symlink, whether it is (or links to) a directory.</summary>
internal readonly record struct UnitDirectoryEntry(string Name, bool IsSymbolicLink, bool IsDirectoryOrLink)
{
    /// <summary>A directory itself, not a symlink to one.</summary>
    public bool IsDirectory => IsDirectoryOrLink && !IsSymbolicLink;
}
