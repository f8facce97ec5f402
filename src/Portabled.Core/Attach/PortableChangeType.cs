// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Attach;

/// <summary>The kind of a file system change reported by attach, detach and reattach.</summary>
public enum PortableChangeType
{
    /// <summary>A file was copied (<c>copy</c>).</summary>
    Copy,

    /// <summary>A symlink was created (<c>symlink</c>).</summary>
    Symlink,

    /// <summary>A file, link or directory was removed (<c>unlink</c>).</summary>
    Unlink,

    /// <summary>A file was written (<c>write</c>).</summary>
    Write,

    /// <summary>A directory was created (<c>mkdir</c>).</summary>
    Mkdir,
}
