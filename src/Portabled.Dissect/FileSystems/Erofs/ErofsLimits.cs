// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Erofs;

/// <summary>
/// Named bounds the erofs reader checks disk values against before using them (see
/// docs/image-readers.md, "erofs"). Values beyond them are reported as a corrupt image, or as an
/// unsupported one where the value is legal but outside what this reader handles.
/// </summary>
public static class ErofsLimits
{
    /// <summary>Smallest block size accepted (2^9 bytes, as Linux).</summary>
    public const int MinBlockSizeBits = 9;

    /// <summary>Largest block size accepted (2^16 bytes; Linux accepts up to its page size).</summary>
    public const int MaxBlockSizeBits = 16;

    /// <summary>Largest compressed physical cluster (Z_EROFS_PCLUSTER_MAX_SIZE, 1 MiB).</summary>
    public const int MaxPclusterBytes = 1 << 20;

    /// <summary>Largest decompressed extent decoded in one piece (16 MiB).</summary>
    public const int MaxExtentBytes = 16 << 20;

    /// <summary>Largest logical cluster: block size &lt;&lt; 7 at most, and never above 2^20 bytes here.</summary>
    public const int MaxLclusterBits = 20;

    /// <summary>Largest chunk of a chunk-based file (2^40 bytes).</summary>
    public const int MaxChunkBits = 40;

    /// <summary>Largest directory read (64 MiB of dirent blocks).</summary>
    public const long MaxDirectoryBytes = 64L << 20;

    /// <summary>Entries listed per directory before the listing is refused as hostile.</summary>
    public const int MaxDirectoryEntries = 1 << 20;

    /// <summary>Longest symbolic link target (PATH_MAX).</summary>
    public const int MaxSymbolicLinkBytes = 4096;

    /// <summary>Largest file size accepted (2^48 bytes); reads are also bounded by the image.</summary>
    public const long MaxFileBytes = 1L << 48;
}
