// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.Erofs;
using Portabled.Dissect.FileSystems.Ext4;
using Portabled.Dissect.FileSystems.SquashFs;

namespace Portabled.Dissect.Tests.FileSystems;

/// <summary>
/// Where the xattr structures of a pristine image of <see cref="ExtendedAttributeImageFixture"/> are,
/// found with the readers themselves, so the corruption cases can patch single fields. Positions are
/// byte offsets in the image file. Squashfs positions assume uncompressed tables.
/// </summary>
internal sealed class ExtendedAttributeImageMap
{
    private readonly string _image;

    public ExtendedAttributeImageMap(string image)
    {
        _image = image;
    }

    /// <summary>squashfs: xattr_id_table_start.</summary>
    public long SquashFsXattrIdTable => Read<SquashFsFileSystem, long>(fs => fs.SuperBlock.XattrIdTableStart);

    /// <summary>squashfs: the first pointer of the xattr id table (the first id metadata block).</summary>
    public long SquashFsFirstIdBlock => (long)U64(SquashFsXattrIdTable + 16);

    /// <summary>squashfs: xattr_table_start.</summary>
    public long SquashFsXattrTable => (long)U64(SquashFsXattrIdTable);

    /// <summary>squashfs: the inode of <paramref name="path"/> (uncompressed inode table).</summary>
    public long SquashFsInode(string path) => Read<SquashFsFileSystem, long>(fs =>
    {
        ulong reference = ((SquashFsNode)Node(fs, path)).InodeReference;
        return fs.SuperBlock.InodeTableStart + (long)(reference >> 16) + 2 + (long)(reference & 0xFFFF);
    });

    /// <summary>squashfs: the 16-byte xattr id entry of <paramref name="path"/>.</summary>
    public long SquashFsXattrId(string path)
    {
        uint index = Read<SquashFsFileSystem, uint>(fs => ((SquashFsNode)Node(fs, path)).XattrIndex);
        return SquashFsFirstIdBlock + 2 + (index * 16);
    }

    /// <summary>squashfs: the first xattr entry of <paramref name="path"/>.</summary>
    public long SquashFsFirstEntry(string path)
    {
        ulong reference = U64(SquashFsXattrId(path));
        return SquashFsXattrTable + (long)(reference >> 16) + 2 + (long)(reference & 0xFFFF);
    }

    /// <summary>ext4: the inode of <paramref name="path"/>.</summary>
    public long Ext4Inode(string path) => Read<Ext4FileSystem, long>(fs =>
    {
        (long block, int within) = fs.LocateInode((uint)Node(fs, path).InodeNumber);
        return (block * fs.BlockSize) + within;
    });

    /// <summary>ext4: the first in-inode xattr entry of <paramref name="path"/> (after h_magic).</summary>
    public long Ext4FirstInodeEntry(string path)
    {
        long inode = Ext4Inode(path);
        return inode + 128 + U16(inode + 128) + 4;
    }

    /// <summary>ext4: the xattr block of <paramref name="path"/>.</summary>
    public long Ext4XattrBlock(string path) => Read<Ext4FileSystem, long>(fs => (long)((Ext4Node)Node(fs, path)).Inode.FileAcl * fs.BlockSize);

    /// <summary>erofs: the inline xattr area of <paramref name="path"/> (its ibody header).</summary>
    public long ErofsXattrArea(string path) => Read<ErofsFileSystem, long>(fs =>
    {
        ErofsInode inode = ((ErofsNode)Node(fs, path)).Inode;
        Assert.True(inode.XattrSize > 0, path);
        return inode.Position + inode.InodeSize;
    });

    /// <summary>erofs: where the shared xattr area starts.</summary>
    public long ErofsSharedArea => Read<ErofsFileSystem, long>(fs => (long)fs.SuperBlock.XattrBlockAddress << fs.SuperBlock.BlockSizeBits);

    public ulong U64(long position)
    {
        Span<byte> b = stackalloc byte[8];
        ReadAt(position, b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    public ushort U16(long position)
    {
        Span<byte> b = stackalloc byte[2];
        ReadAt(position, b);
        return BinaryPrimitives.ReadUInt16LittleEndian(b);
    }

    private static FileSystemNode Node(IReadOnlyFileSystem fs, string path)
    {
        Assert.True(ImagePathResolver.TryResolve(fs, path, followFinalSymlink: false, out ResolvedPath resolved), path);
        return resolved.Node;
    }

    private T Read<TFileSystem, T>(Func<TFileSystem, T> read)
        where TFileSystem : class, IReadOnlyFileSystem
    {
        using OpenedTestImage opened = OpenedTestImage.Open(_image);
        return read((TFileSystem)opened.FileSystem);
    }

    private void ReadAt(long position, Span<byte> buffer)
    {
        using var handle = File.OpenHandle(_image, FileMode.Open, FileAccess.Read);
        RandomAccess.Read(handle, buffer, position);
    }
}
