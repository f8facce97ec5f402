// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Metadata;

/// <summary>What a unit file name of an image resolves to.</summary>
internal enum UnitLookup
{
    /// <summary>A regular file: the unit.</summary>
    RegularFile,

    /// <summary>Nothing: a dangling link or a missing directory on the way.</summary>
    Missing,

    /// <summary>Too many symlinks: a loop or a long chain.</summary>
    Loop,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>Something else (a device, a FIFO, a socket).</summary>
    OtherType,
}
