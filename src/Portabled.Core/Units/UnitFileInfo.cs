// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Units;

/// <summary>One name met while looking a unit up (upstream's InstallInfo): where it was found and what it is.</summary>
internal sealed class UnitFileInfo
{
    public UnitFileInfo(string name)
    {
        Name = name;
    }

    /// <summary>The unit name.</summary>
    public string Name { get; }

    /// <summary>The logical path it was found at (or followed to), once found.</summary>
    public string? Path { get; set; }

    /// <summary>What the path is, once loaded.</summary>
    public UnitInstallMode? Mode { get; set; }

    /// <summary>For <see cref="UnitInstallMode.Linked"/> and <see cref="UnitInstallMode.Alias"/>: the link target, made absolute and simplified.</summary>
    public string? SymlinkTarget { get; set; }

    /// <summary>The [Install] section of the file and its drop-ins.</summary>
    public InstallSection Install { get; } = new();
}
