// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Attach;

/// <summary>The <c>copy_mode</c> argument (docs/portable1-api.md, "Copy modes").</summary>
internal enum CopyMode
{
    /// <summary><c>""</c>: units copied, profile and image linked.</summary>
    Auto,

    /// <summary><c>copy</c>: units and profile copied, image linked.</summary>
    Copy,

    /// <summary><c>symlink</c>: units (of directory images), profile and image linked.</summary>
    Symlink,

    /// <summary><c>mixed</c> (262): units copied, profile linked, image copied.</summary>
    Mixed,
}
