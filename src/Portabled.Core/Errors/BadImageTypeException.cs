// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Errors;

/// <summary>A path that is neither a directory, a block device nor a <c>.raw</c> file (EMEDIUMTYPE).</summary>
public sealed class BadImageTypeException : PortableException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public BadImageTypeException(string path)
        : base(
            PortableErrorNames.BadImageType,
            $"Type of image '{path}' not recognized; supported image types are directories/btrfs subvolumes, block devices, and raw disk image files with suffix '.raw'.")
    {
    }
}
