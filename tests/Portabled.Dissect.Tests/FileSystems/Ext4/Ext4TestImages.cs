// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Checksums;
using System.Buffers.Binary;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.Ext4;

namespace Portabled.Dissect.Tests.FileSystems.Ext4;

/// <summary>Helpers shared by the ext4 corruption and fuzz tests: patching images, locating structures, walking a tree.</summary>
internal static class Ext4TestImages
{
    /// <summary>Overwrites bytes of <paramref name="path"/> at <paramref name="offset"/>.</summary>
    public static void Patch(string path, long offset, ReadOnlySpan<byte> bytes)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.Write(handle, bytes, offset);
    }

    /// <summary>Cuts <paramref name="path"/> to <paramref name="length"/> bytes.</summary>
    public static void Truncate(string path, long length)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.SetLength(handle, length);
    }

    /// <summary>Writes a little-endian u16.</summary>
    public static void PatchUInt16(string path, long offset, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        Patch(path, offset, b);
    }

    /// <summary>Writes a little-endian u32.</summary>
    public static void PatchUInt32(string path, long offset, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        Patch(path, offset, b);
    }

    /// <summary>Reads a little-endian u32.</summary>
    public static uint ReadUInt32(string path, long offset)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        Span<byte> b = stackalloc byte[4];
        RandomAccess.Read(handle, b, offset);
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    /// <summary>Recomputes the metadata_csum superblock checksum after a patch, so the patched field itself is what gets checked.</summary>
    public static void FixSuperBlockChecksum(string path)
    {
        var sb = new byte[1024];
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read))
        {
            RandomAccess.Read(handle, sb, 1024);
        }

        PatchUInt32(path, 1024 + 0x3FC, Crc32C.Update(uint.MaxValue, sb.AsSpan(0, 0x3FC)));
    }

    /// <summary>Byte offset of the inode of <paramref name="name"/> (in the root directory), and the block size.</summary>
    public static (long InodeOffset, int BlockSize) LocateInode(string image, string name)
    {
        using ImageFile file = ImageFile.Open(image);
        using var fs = new Ext4FileSystem(file.Whole);
        Assert.True(fs.TryLookup(fs.Root, name, out FileSystemNode? node));
        (long block, int within) = fs.LocateInode((uint)node!.InodeNumber);
        return ((block * fs.BlockSize) + within, fs.BlockSize);
    }

    /// <summary>Byte offset of the first block of the root directory.</summary>
    public static long LocateRootDirectoryBlock(string image)
    {
        using ImageFile file = ImageFile.Open(image);
        using var fs = new Ext4FileSystem(file.Whole);
        Ext4BlockRun run = fs.MapBlock(((Ext4Node)fs.Root).Inode, 0);
        Assert.False(run.IsZeros);
        return run.Physical * fs.BlockSize;
    }

    /// <summary>
    /// Opens the image and reads everything: every directory (each at most once, so a corrupt
    /// image with a directory cycle cannot loop), every symlink, up to <paramref name="maxFileBytes"/>
    /// of every file, and a few path resolutions. At most <paramref name="maxNodes"/> entries are visited.
    /// </summary>
    public static int Walk(string image, long maxFileBytes = long.MaxValue, int maxNodes = int.MaxValue)
    {
        using ImageFile file = ImageFile.Open(image);
        IFileSystemFormat format = new Ext4Format();
        _ = format.Probe(file.Whole);
        using IReadOnlyFileSystem fs = format.Open(file.Whole);
        var visited = new HashSet<ulong> { fs.Root.InodeNumber };
        var pending = new Stack<FileSystemNode>();
        pending.Push(fs.Root);
        int nodes = 0;
        var buffer = new byte[64 * 1024];
        while (pending.Count > 0 && nodes < maxNodes)
        {
            foreach (DirectoryEntry entry in fs.EnumerateDirectory(pending.Pop()))
            {
                if (++nodes >= maxNodes)
                {
                    break;
                }

                FileSystemNode n = entry.Node;
                _ = fs.ListExtendedAttributes(n);
                switch (n.Type)
                {
                    case FileType.Directory when visited.Add(n.InodeNumber):
                        pending.Push(n);
                        break;
                    case FileType.SymbolicLink:
                        _ = fs.ReadSymbolicLink(n);
                        break;
                    case FileType.RegularFile:
                        ReadFile(fs, n, buffer, maxFileBytes);
                        break;
                }
            }
        }

        foreach (string path in new[] { "/file.txt", "/link", "/loop1", "/dir/sub/b", "/slow-link" })
        {
            try
            {
                ImagePathResolver.TryResolve(fs, path, followFinalSymlink: true, out _);
            }
            catch (SymbolicLinkLoopException)
            {
            }
        }

        return nodes;
    }

    /// <summary>
    /// The byte ranges of a pristine image the reader interprets: the superblock, the descriptor
    /// table, every reachable inode and every directory block. Fuzzing them hits parsing paths far
    /// more often than random bytes of bitmaps and unused inodes would.
    /// </summary>
    public static List<(long Offset, int Length)> MetadataRanges(string image)
    {
        using ImageFile file = ImageFile.Open(image);
        using var fs = new Ext4FileSystem(file.Whole);
        int bs = fs.BlockSize;
        var ranges = new List<(long Offset, int Length)> { (1024, 0x180), (bs == 1024 ? 2048 : bs, 256) };
        var pending = new Stack<FileSystemNode>();
        pending.Push(fs.Root);
        AddNode(fs, (Ext4Node)fs.Root, ranges);
        while (pending.Count > 0)
        {
            foreach (DirectoryEntry e in fs.EnumerateDirectory(pending.Pop()))
            {
                AddNode(fs, (Ext4Node)e.Node, ranges);
                if (e.Node.Type == FileType.Directory)
                {
                    pending.Push(e.Node);
                }
            }
        }

        return ranges;
    }

    private static void AddNode(Ext4FileSystem fs, Ext4Node node, List<(long Offset, int Length)> ranges)
    {
        (long block, int within) = fs.LocateInode((uint)node.InodeNumber);
        ranges.Add(((block * fs.BlockSize) + within, 160));
        if (node.Type == FileType.Directory && !node.Inode.HasInlineData)
        {
            for (long logical = 0; logical * fs.BlockSize < node.Size; logical++)
            {
                Ext4BlockRun run = fs.MapBlock(node.Inode, logical);
                if (!run.IsZeros)
                {
                    ranges.Add((run.Physical * fs.BlockSize, fs.BlockSize));
                }
            }
        }
    }

    private static void ReadFile(IReadOnlyFileSystem fs, FileSystemNode n, byte[] buffer, long maxFileBytes)
    {
        using Stream s = fs.OpenRead(n);
        long total = 0;
        int read;
        while (total < maxFileBytes && (read = s.Read(buffer)) > 0)
        {
            total += read;
        }

        if (s.Length > 1)
        {
            s.Seek(s.Length / 2, SeekOrigin.Begin);
            _ = s.Read(buffer);
        }
    }
}
