// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Units;

/// <summary>What one path of the unit search turned out to be (upstream's InstallMode).</summary>
internal enum UnitInstallMode
{
    /// <summary>A regular unit file, loaded.</summary>
    Regular,

    /// <summary>A symlink to a file outside the unit search path.</summary>
    Linked,

    /// <summary>A symlink to a file inside the unit search path (another name, or the same name elsewhere).</summary>
    Alias,

    /// <summary>An empty file, a character device, or a symlink to one.</summary>
    Masked,
}
