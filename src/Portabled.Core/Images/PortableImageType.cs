// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Images;

/// <summary>The type of a portable service image (the <c>Type</c> property).</summary>
public enum PortableImageType
{
    /// <summary>A plain directory tree (<c>directory</c>).</summary>
    Directory,

    /// <summary>A btrfs subvolume (<c>subvolume</c>).</summary>
    Subvolume,

    /// <summary>A disk image file with suffix <c>.raw</c> (<c>raw</c>).</summary>
    Raw,

    /// <summary>A block device (<c>block</c>).</summary>
    Block,
}
