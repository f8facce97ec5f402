// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Compression;

namespace Portabled.Dissect.FileSystems.SquashFs;

/*
 * squashfs 4.0 reader (docs/image-readers.md, squashfs "On-disk format"). The file system is read lazily through positional
 * reads of the region: nothing but the superblock, the compressor options, the uid/gid table and
 * the root inode is read when it is opened. Partial classes by concern:
 *   SquashFsFileSystem.cs              state and IReadOnlyFileSystem entry points
 *   SquashFsFileSystem.Tables.cs       superblock-level tables: compressor, options, ids, fragments
 *   SquashFsFileSystem.Metadata.cs     metadata blocks (u16 header + ≤ 8 KiB payload) and their cache
 *   SquashFsFileSystem.Inodes.cs       the inode table
 *   SquashFsFileSystem.Directories.cs  the directory table
 *   SquashFsFileSystem.FileData.cs     data blocks, fragment blocks
 *   SquashFsFileSystem.Xattrs.cs       the xattr id table and the xattr table
 * Bounds are listed on SquashFsLimits and in docs/image-readers.md.
 */

/// <summary>A squashfs 4.0 file system, read in userspace from an <see cref="ImageRegion"/>.</summary>
public sealed partial class SquashFsFileSystem : IReadOnlyFileSystem
{
    private readonly ImageRegion _region;
    private readonly IDecompressor _decompressor;
    private readonly SquashFsBlockCache _metadataCache = new(SquashFsLimits.MetadataCacheBlocks);
    private readonly SquashFsBlockCache _fragmentCache = new(SquashFsLimits.FragmentCacheBlocks);
    private readonly uint[] _ids;
    private readonly long _directoryTableEnd;
    private readonly SquashFsNode _root;

    private SquashFsFileSystem(ImageRegion region, IDecompressor? decompressor)
    {
        SuperBlock = SquashFsSuperBlock.Read(region);
        // Nothing past bytes_used belongs to the file system (images are padded to 4 KiB).
        _region = region.Slice(0, SuperBlock.BytesUsed, nameof(SquashFsSuperBlock));
        _decompressor = decompressor ?? CreateDecompressor(SuperBlock.Compression, region.ImagePath);
        CheckCompressorOptions();
        _ids = ReadIdTable();
        _directoryTableEnd = FindDirectoryTableEnd();
        _root = ReadInode(SuperBlock.RootInode, parent: null);
        if (_root.Type != FileType.Directory)
        {
            throw Invalid(nameof(SquashFsSuperBlock), SquashFsLayout.SuperBlockRootInode, "the root inode is not a directory");
        }
    }

    /// <summary>The validated superblock.</summary>
    public SquashFsSuperBlock SuperBlock { get; }

    /// <inheritdoc />
    public string FormatName => "squashfs";

    /// <inheritdoc />
    public FileSystemNode Root => _root;

    /// <inheritdoc />
    /// <remarks>The caches lock, the decompressors keep no state between calls, and each stream holds its own block.</remarks>
    public bool SupportsConcurrentReads => !_region.IsVerified;

    /// <summary>Path of the image, for messages.</summary>
    private string ImagePath => _region.ImagePath;

    /// <summary>Opens the squashfs file system in <paramref name="region"/>; throws <see cref="InvalidImageException"/> or <see cref="UnsupportedImageException"/>.</summary>
    public static SquashFsFileSystem Open(ImageRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return new SquashFsFileSystem(region, decompressor: null);
    }

    /// <summary>Opens with a given decompressor instead of the one the superblock names (tests: the managed LZO decoder).</summary>
    internal static SquashFsFileSystem Open(ImageRegion region, IDecompressor decompressor) => new(region, decompressor);

    /// <inheritdoc />
    public bool TryLookup(FileSystemNode directory, string name, out FileSystemNode? node)
    {
        SquashFsNode dir = AsDirectory(directory);
        ArgumentNullException.ThrowIfNull(name);
        node = FindEntry(dir, name);
        return node is not null;
    }

    /// <inheritdoc />
    public IEnumerable<DirectoryEntry> EnumerateDirectory(FileSystemNode directory) => EnumerateEntries(AsDirectory(directory));

    /// <inheritdoc />
    public string ReadSymbolicLink(FileSystemNode symbolicLink)
    {
        SquashFsNode node = AsOwnNode(symbolicLink);
        if (node.Type != FileType.SymbolicLink || node.Target is null)
        {
            throw new ArgumentException("not a symbolic link", nameof(symbolicLink));
        }

        return node.Target;
    }

    /// <inheritdoc />
    public Stream OpenRead(FileSystemNode file)
    {
        SquashFsNode node = AsOwnNode(file);
        if (node.Type != FileType.RegularFile)
        {
            throw new ArgumentException("not a regular file", nameof(file));
        }

        return new SquashFsFileStream(this, node, ReadBlockList(node));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The region's handle belongs to the caller; only the caches are ours.
        _metadataCache.Clear();
        _fragmentCache.Clear();
    }

    private static SquashFsNode AsOwnNode(FileSystemNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node as SquashFsNode ?? throw new ArgumentException("the node does not belong to a squashfs file system", nameof(node));
    }

    private static SquashFsNode AsDirectory(FileSystemNode node)
    {
        SquashFsNode dir = AsOwnNode(node);
        if (dir.Type != FileType.Directory)
        {
            throw new ArgumentException("not a directory", nameof(node));
        }

        return dir;
    }

    /// <summary>An <see cref="InvalidImageException"/> for <paramref name="structure"/> at <paramref name="position"/> (relative to the region).</summary>
    internal InvalidImageException Invalid(string structure, long position, string problem) =>
        new(ImagePath, structure, _region.Offset + position, problem);
}
