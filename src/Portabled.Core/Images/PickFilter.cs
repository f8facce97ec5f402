// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Images;

/// <summary>
/// What a <c>.v</c> directory is searched for (systemd.v(7)): entries
/// <c>BASENAME_VARIABLE SUFFIX</c> of an accepted type. A raw filter takes regular files and block
/// devices with the <c>.raw</c> suffix, a directory filter directories with any name.
/// </summary>
/// <param name="BaseName">The part before the <c>_</c> that starts the variable part; never empty.</param>
/// <param name="Raw">True for raw images (suffix <c>.raw</c>), false for directory images (no suffix).</param>
internal readonly record struct PickFilter(string BaseName, bool Raw)
{
    /// <summary>The suffix after the variable part: <c>.raw</c> or nothing.</summary>
    public string Suffix => Raw ? ".raw" : string.Empty;

    /// <summary>Whether an entry of this type (symlinks followed) qualifies.</summary>
    public bool Accepts(FileType type) => Raw ? type is FileType.RegularFile or FileType.BlockDevice : type == FileType.Directory;
}
