// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.SquashFs;

/// <summary>
/// Named bounds the squashfs reader applies to values read from an image (docs/image-readers.md
/// lists them too). Everything else is bounded by the region or by bytes_used:
/// <list type="bullet">
/// <item>block_size is a power of two in [4 KiB, 1 MiB] and equals 1 &lt;&lt; block_log;</item>
/// <item>metadata blocks hold at most 8 KiB, on disk and decompressed; data blocks and fragment blocks at most block_size;</item>
/// <item>every table, metadata block, data block and fragment block lies inside [96, bytes_used), and bytes_used ≤ the region;</item>
/// <item>inodes are read only inside [inode_table_start, directory_table_start) and directory listings
///       only inside [directory_table_start, first table after it);</item>
/// <item>a directory header holds at most 256 entries, a name at most 256 bytes;</item>
/// <item>inode numbers lie in [1, inodes]; uid/gid indexes below no_ids; fragment indexes below fragments.</item>
/// </list>
/// </summary>
public static class SquashFsLimits
{
    /// <summary>Smallest block size squashfs 4.0 allows.</summary>
    public const int MinBlockSize = 4096;

    /// <summary>Largest block size squashfs 4.0 allows.</summary>
    public const int MaxBlockSize = 1 << 20;

    /// <summary>Entries per directory header (the on-disk count is entries − 1, at most 255).</summary>
    public const int MaxEntriesPerDirectoryHeader = 256;

    /// <summary>Longest name in a directory entry, in bytes (name_size + 1).</summary>
    public const int MaxNameLength = 256;

    /// <summary>Longest symbolic link target, in bytes (PATH_MAX).</summary>
    public const int MaxSymlinkTargetLength = 4096;

    /// <summary>Most entries accepted in one directory.</summary>
    public const int MaxDirectoryEntries = 1 << 20;

    /// <summary>Deepest directory accepted below the root; deeper nesting is treated as corruption (it also bounds the cycle check).</summary>
    public const int MaxDirectoryDepth = 2048;

    /// <summary>
    /// Most blocks in one regular file (the block list is loaded when the file is opened: at most
    /// 16 MiB of block sizes). With 1 MiB blocks that is a 4 TiB file, with 4 KiB blocks 16 GiB.
    /// </summary>
    public const int MaxFileBlocks = 1 << 22;

    /// <summary>Decompressed metadata blocks kept by the LRU cache (8 KiB each).</summary>
    public const int MetadataCacheBlocks = 128;

    /// <summary>Decompressed fragment blocks kept by the LRU cache (up to block_size each).</summary>
    public const int FragmentCacheBlocks = 4;
}
