// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Text;

namespace Portabled.Dissect.FileSystems.Erofs;

/*
 * On-disk layout read here: the superblock at byte 1024 (ErofsSuperBlock.cs), inodes at
 * meta_blkaddr × block size + nid × 32 (ErofsInode.cs), their data by layout (ErofsFlatReader,
 * ErofsChunkReader, ErofsCompressedReader), directories as dirent blocks
 * (ErofsFileSystem.Directories.cs), extended attributes inline after the inode and in the shared
 * xattr area (ErofsFileSystem.Xattrs.cs).
 */

/// <summary>
/// An erofs file system read in userspace: uncompressed (flat, inline tails, chunk-based) and
/// LZ4-compressed files (full and compact indexes, big pclusters, ztailpacking, fragments).
/// Every value read from disk is checked against the image and <see cref="ErofsLimits"/>.
/// </summary>
public sealed partial class ErofsFileSystem : IReadOnlyFileSystem
{
    private ErofsDataReader? _packedReader;
    private bool _openingPacked;

    /// <summary>Opens the erofs file system in <paramref name="region"/>; throws <see cref="InvalidImageException"/> or <see cref="UnsupportedImageException"/>.</summary>
    public ErofsFileSystem(ImageRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        SuperBlock = ErofsSuperBlock.Read(region);
        // Reads never go past the file system's own end, even inside a larger partition.
        Region = region.Slice(0, SuperBlock.FileSystemBytes, "erofs file system");
        ErofsNode root = LoadNode(SuperBlock.RootNid);
        if (root.Type != FileType.Directory)
        {
            throw new InvalidImageException(Region.ImagePath, "erofs root inode", Region.Offset + root.Inode.Position,
                string.Create(CultureInfo.InvariantCulture, $"root nid {SuperBlock.RootNid} is not a directory"));
        }

        Root = root;
    }

    /// <inheritdoc />
    public string FormatName => "erofs";

    /// <inheritdoc />
    public FileSystemNode Root { get; }

    /// <inheritdoc />
    /// <remarks>False: the packed inode's reader (fragments of compressed files) is shared by every file and not locked.</remarks>
    public bool SupportsConcurrentReads => false;

    internal ImageRegion Region { get; }

    internal ErofsSuperBlock SuperBlock { get; }

    /// <inheritdoc />
    public bool TryLookup(FileSystemNode directory, string name, out FileSystemNode? node)
    {
        ArgumentNullException.ThrowIfNull(name);
        node = null;
        ErofsNode dir = AsErofs(directory);
        if (dir.Type != FileType.Directory || !IsPlainName(name))
        {
            return false;
        }

        byte[] wanted = Encoding.UTF8.GetBytes(name);
        foreach (ErofsDirent entry in ReadDirectory(dir.Inode))
        {
            if (entry.Name.AsSpan().SequenceEqual(wanted))
            {
                node = LoadChild(dir, entry);
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public IEnumerable<DirectoryEntry> EnumerateDirectory(FileSystemNode directory)
    {
        ErofsNode dir = AsErofs(directory);
        if (dir.Type != FileType.Directory)
        {
            throw new IOException($"{Region.ImagePath}: erofs inode {dir.Inode.Nid.ToString(CultureInfo.InvariantCulture)} is not a directory.");
        }

        return Enumerate(dir);
    }

    /// <inheritdoc />
    public string ReadSymbolicLink(FileSystemNode symbolicLink)
    {
        ErofsNode link = AsErofs(symbolicLink);
        if (link.Type != FileType.SymbolicLink)
        {
            throw new IOException($"{Region.ImagePath}: erofs inode {link.Inode.Nid.ToString(CultureInfo.InvariantCulture)} is not a symbolic link.");
        }

        return ReadLinkTarget(link.Inode);
    }

    /// <inheritdoc />
    public Stream OpenRead(FileSystemNode file)
    {
        ErofsNode node = AsErofs(file);
        if (node.Type != FileType.RegularFile)
        {
            throw new IOException($"{Region.ImagePath}: erofs inode {node.Inode.Nid.ToString(CultureInfo.InvariantCulture)} is not a regular file.");
        }

        return new ErofsFileStream(CreateReader(node.Inode));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _packedReader?.Dispose();
        _packedReader = null;
    }

    /// <summary>The data reader for <paramref name="inode"/>'s layout.</summary>
    internal ErofsDataReader CreateReader(ErofsInode inode, bool isPackedInode = false) => inode.Layout switch
    {
        ErofsDataLayout.FlatPlain or ErofsDataLayout.FlatInline => new ErofsFlatReader(this, inode),
        ErofsDataLayout.ChunkBased => new ErofsChunkReader(this, inode),
        _ => new ErofsCompressedReader(this, inode, isPackedInode),
    };

    /// <summary>The packed inode's data (fragments of compressed files), opened on first use.</summary>
    internal ErofsDataReader GetPackedReader()
    {
        if (_packedReader is not null)
        {
            return _packedReader;
        }

        if (_openingPacked)
        {
            throw new InvalidImageException(Region.ImagePath, "erofs packed inode", Region.Offset, "the packed inode needs itself to be read");
        }

        _openingPacked = true;
        try
        {
            ErofsInode packed = ErofsInode.Read(Region, SuperBlock, SuperBlock.PackedNid);
            if (packed.Type != FileType.RegularFile)
            {
                throw new InvalidImageException(Region.ImagePath, "erofs packed inode", Region.Offset + packed.Position, "not a regular file");
            }

            _packedReader = CreateReader(packed, isPackedInode: true);
            return _packedReader;
        }
        finally
        {
            _openingPacked = false;
        }
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && name != "." && name != ".." && !name.Contains('/') && !name.Contains('\0');

    private static ErofsNode AsErofs(FileSystemNode node) =>
        node as ErofsNode ?? throw new ArgumentException("Node belongs to another file system.", nameof(node));
}
