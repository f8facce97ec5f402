// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems;

/// <summary>
/// Bounds every reader applies to the extended attributes of one node (docs/image-readers.md,
/// "Extended attributes"). The first two are the kernel's own (XATTR_NAME_MAX, XATTR_SIZE_MAX):
/// nothing larger can be set through the VFS, so anything larger on disk is corrupt.
/// </summary>
public static class ExtendedAttributeLimits
{
    /// <summary>Longest full name (prefix included), in bytes.</summary>
    public const int MaxNameLength = 255;

    /// <summary>Largest value, in bytes.</summary>
    public const int MaxValueSize = 64 * 1024;

    /// <summary>Most attributes on one node.</summary>
    public const int MaxAttributesPerNode = 8192;

    /// <summary>Most bytes of names and values together on one node.</summary>
    public const int MaxTotalBytesPerNode = 1024 * 1024;
}
