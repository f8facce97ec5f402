// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Checksums;
using System.Buffers.Binary;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.Erofs;

namespace Portabled.Dissect.Tests.FileSystems.Erofs;

/// <summary>An erofs image in memory, to patch on-disk structures found through the reader itself.</summary>
internal sealed class ErofsImageEditor
{
    private readonly string _original;

    public ErofsImageEditor(string image)
    {
        _original = image;
        Bytes = File.ReadAllBytes(image);
    }

    public byte[] Bytes { get; set; }

    public int BlockSize => 1 << Bytes[1024 + 12];

    /// <summary>The inode at <paramref name="path"/> of the unpatched image (symlinks not followed).</summary>
    public ErofsInode Inode(string path)
    {
        using ImageFile file = ImageFile.Open(_original);
        using var fs = new ErofsFileSystem(file.Whole);
        Assert.True(ImagePathResolver.TryResolve(fs, path, followFinalSymlink: false, out ResolvedPath resolved), path);
        return ((ErofsNode)resolved.Node).Inode;
    }

    /// <summary>Where a small directory's (or file's) data starts: its inline tail, or its first block.</summary>
    public long DataPosition(ErofsInode inode) =>
        inode.Layout == ErofsDataLayout.FlatInline && inode.Size < BlockSize ? inode.InlineOffset : (long)inode.Union * BlockSize;

    /// <summary>Start of a compressed inode's map header.</summary>
    public static long MapHeaderPosition(ErofsInode inode) => (inode.InlineOffset + 7) & ~7L;

    public ushort U16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan((int)at));

    public void SetU16(long at, int value) => BinaryPrimitives.WriteUInt16LittleEndian(Bytes.AsSpan((int)at), (ushort)value);

    public void SetU32(long at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan((int)at), value);

    public void SetU64(long at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Bytes.AsSpan((int)at), value);

    /// <summary>Recomputes the superblock checksum (crc32c over byte 1024 to the end of block 0).</summary>
    public void FixChecksum() => FixChecksum(Bytes);

    public static void FixChecksum(byte[] bytes)
    {
        int blockSize = 1 << Math.Clamp((int)bytes[1024 + 12], 9, 16);
        if (bytes.Length < blockSize || blockSize <= 1024)
        {
            return;
        }

        Span<byte> data = bytes.AsSpan(1024, blockSize - 1024);
        BinaryPrimitives.WriteUInt32LittleEndian(data[4..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(data[4..], Crc32C.Update(uint.MaxValue, data));
    }

    public string Save(string path)
    {
        File.WriteAllBytes(path, Bytes);
        return path;
    }
}
