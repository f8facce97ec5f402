// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ext2/3/4 reader: entry points and state. The on-disk structures are described where they are
 * read: Ext4SuperBlock.cs (superblock at byte 1024), Ext4GroupDescriptor.cs (group descriptor
 * table), Ext4Inode.cs (inode table entries), Ext4FileSystem.Extents.cs (extent trees),
 * Ext4FileSystem.BlockMap.cs (direct/indirect block maps), Ext4FileSystem.Directories.cs
 * (directory entries), Ext4FileSystem.InlineData.cs (system.data), Ext4FileSystem.Xattrs.cs (extended
 * attributes in the inode and in the i_file_acl block), Ext4PosixAcl.cs (ACL values).
 * Bounds applied everywhere are the named constants below and in those files; docs/image-readers.md
 * lists them.
 */
using System.Text;

namespace Portabled.Dissect.FileSystems.Ext4;

/// <summary>
/// A read-only ext2/3/4 file system read in userspace from an <see cref="ImageRegion"/>. The
/// journal is never replayed (systemd mounts read-only images with norecovery). Every structure
/// read is validated; corrupt input throws <see cref="InvalidImageException"/>, features this
/// reader does not implement throw <see cref="UnsupportedImageException"/>.
/// </summary>
public sealed partial class Ext4FileSystem : IReadOnlyFileSystem
{
    /// <summary>Longest symbolic link target (PATH_MAX, and the kernel's page-size limit).</summary>
    public const int MaxSymlinkLength = 4096;

    /// <summary>Largest directory read (bytes); larger directories are refused as hostile.</summary>
    public const long MaxDirectorySize = 256L * 1024 * 1024;

    /// <summary>Entries listed per directory before the listing is refused as hostile.</summary>
    public const int MaxDirectoryEntries = 1 << 20;

    private readonly ImageRegion _region;
    private readonly Ext4SuperBlock _sb;
    private readonly Ext4BlockCache _cache;

    /// <summary>Opens the file system in <paramref name="region"/>, reading and validating the superblock and the root inode.</summary>
    public Ext4FileSystem(ImageRegion region)
    {
        _region = region;
        var raw = new byte[Ext4Layout.SuperBlockSize];
        region.ReadExactly(Ext4Layout.SuperBlockOffset, raw, nameof(Ext4SuperBlock));
        _sb = Ext4SuperBlock.Parse(raw, region);
        _cache = new Ext4BlockCache(region, _sb.BlockSize, _sb.BlocksCount);
        FormatName = Ext4Features.BlkidName(_sb.Compat, _sb.Incompat, _sb.RoCompat);
        Ext4Node root = GetNode(Ext4Layout.RootIno);
        if (root.Type != FileType.Directory)
        {
            throw new InvalidImageException(region.ImagePath, "root inode is not a directory");
        }

        Root = root;
    }

    /// <summary>The name blkid gives this file system: <c>ext2</c>, <c>ext3</c> or <c>ext4</c>.</summary>
    public string FormatName { get; }

    /// <inheritdoc />
    public FileSystemNode Root { get; }

    /// <inheritdoc />
    /// <remarks>The block cache locks and each stream holds its own position in the block map.</remarks>
    public bool SupportsConcurrentReads => !_region.IsVerified;

    /// <summary>Block size in bytes.</summary>
    public int BlockSize => _sb.BlockSize;

    /// <summary>The region holding the file system, for the file streams.</summary>
    internal ImageRegion Region => _region;

    private string ImagePath => _region.ImagePath;

    /// <inheritdoc />
    public bool TryLookup(FileSystemNode directory, string name, out FileSystemNode? node)
    {
        node = null;
        Ext4Node dir = AsExt4(directory);
        if (dir.Type != FileType.Directory || !IsPlainName(name))
        {
            return false;
        }

        byte[] wanted = Encoding.UTF8.GetBytes(name);
        foreach ((byte[] entryName, uint ino) in ReadDirectory(dir.Inode))
        {
            if (entryName.AsSpan().SequenceEqual(wanted))
            {
                node = GetNode(ino);
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public IEnumerable<DirectoryEntry> EnumerateDirectory(FileSystemNode directory)
    {
        Ext4Node dir = AsExt4(directory);
        if (dir.Type != FileType.Directory)
        {
            throw new IOException($"{ImagePath}: inode {dir.InodeNumber} is not a directory.");
        }

        return EnumerateDirectoryCore(dir.Inode);
    }

    /// <inheritdoc />
    public string ReadSymbolicLink(FileSystemNode symbolicLink)
    {
        Ext4Node link = AsExt4(symbolicLink);
        if (link.Type != FileType.SymbolicLink)
        {
            throw new IOException($"{ImagePath}: inode {link.InodeNumber} is not a symbolic link.");
        }

        return ReadSymbolicLinkCore(link.Inode);
    }

    /// <inheritdoc />
    public Stream OpenRead(FileSystemNode file)
    {
        Ext4Node node = AsExt4(file);
        if (node.Type != FileType.RegularFile)
        {
            throw new IOException($"{ImagePath}: inode {node.InodeNumber} is not a regular file.");
        }

        Ext4Inode inode = node.Inode;
        if (inode.HasInlineData)
        {
            return new MemoryStream(ReadInlineData(inode), writable: false);
        }

        CheckMappableSize(inode);
        return new Ext4FileStream(this, inode);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The region's handle belongs to the caller; nothing else is held.
    }

    private static Ext4Node AsExt4(FileSystemNode node) =>
        node as Ext4Node ?? throw new ArgumentException("Node belongs to another file system.", nameof(node));

    private static bool IsPlainName(string name) =>
        name.Length > 0 && name != "." && name != ".." && !name.Contains('/') && !name.Contains('\0');

    private Ext4Node GetNode(uint ino)
    {
        Ext4Inode inode = ReadInode(ino);
        (uint major, uint minor) = inode.Type is FileType.BlockDevice or FileType.CharacterDevice ? inode.GetDeviceNumber() : (0u, 0u);
        return new Ext4Node
        {
            Inode = inode,
            Type = inode.Type,
            Permissions = inode.Permissions,
            Uid = inode.Uid,
            Gid = inode.Gid,
            Size = inode.Size,
            ModificationTimeSeconds = inode.MtimeSeconds,
            ModificationTimeNanoseconds = inode.MtimeNanoseconds,
            InodeNumber = inode.Number,
            LinkCount = inode.LinksCount,
            DeviceMajor = major,
            DeviceMinor = minor,
        };
    }

    private string ReadSymbolicLinkCore(Ext4Inode inode)
    {
        if (inode.Size == 0 || inode.Size > MaxSymlinkLength)
        {
            throw new InvalidImageException(ImagePath, $"symbolic link inode {inode.Number} has invalid length {inode.Size}");
        }

        int length = (int)inode.Size;
        byte[] target;
        if (inode.HasInlineData)
        {
            target = ReadInlineData(inode);
        }
        else if (!inode.HasExtents && length < Ext4Layout.InodeBlockSize)
        {
            // Fast symlink: the target is stored in i_block itself.
            target = inode.Block[..length].ToArray();
        }
        else
        {
            CheckMappableSize(inode);
            target = new byte[length];
            using var stream = new Ext4FileStream(this, inode);
            stream.ReadExactly(target);
        }

        if (target.AsSpan().Contains((byte)0))
        {
            throw new InvalidImageException(ImagePath, $"symbolic link inode {inode.Number} has a NUL byte in its target");
        }

        return Encoding.UTF8.GetString(target);
    }
}
