// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.SquashFs;

namespace Portabled.Dissect.Tests.FileSystems.SquashFs;

/// <summary>
/// Opens an image and touches everything in it: every directory, every inode, every symlink
/// (read and resolved), every byte of every file. Used by the corruption and fuzz tests, where
/// anything but the image exceptions is a reader bug. Bounded: a node budget and an ancestor check
/// keep a hostile graph from walking forever even if the reader let one through.
/// </summary>
internal static class SquashFsTreeWalker
{
    private const int MaxNodes = 100_000;

    public static int WalkAll(string image)
    {
        using ImageFile file = ImageFile.Open(image);
        using IReadOnlyFileSystem fs = new SquashFsFormat().Open(file.Whole);
        int nodes = 0;
        var ancestors = new HashSet<ulong>();
        _ = fs.ListExtendedAttributes(fs.Root);
        Walk(fs, (SquashFsNode)fs.Root, "", ancestors, ref nodes);
        return nodes;
    }

    private static void Walk(IReadOnlyFileSystem fs, SquashFsNode dir, string path, HashSet<ulong> ancestors, ref int nodes)
    {
        if (!ancestors.Add(dir.InodeReference))
        {
            throw new InvalidOperationException($"the reader let a directory cycle through at '{path}'");
        }

        byte[] buffer = new byte[64 * 1024];
        foreach (DirectoryEntry e in fs.EnumerateDirectory(dir))
        {
            if (++nodes > MaxNodes)
            {
                throw new InvalidOperationException("more nodes than any test image has");
            }

            string childPath = path + "/" + e.Name;
            Assert.True(fs.TryLookup(dir, e.Name, out FileSystemNode? again) && again is not null, childPath);
            _ = fs.ListExtendedAttributes(e.Node);
            switch (e.Node.Type)
            {
                case FileType.Directory:
                    Walk(fs, (SquashFsNode)e.Node, childPath, ancestors, ref nodes);
                    break;
                case FileType.SymbolicLink:
                    Assert.NotEmpty(fs.ReadSymbolicLink(e.Node));
                    try
                    {
                        ImagePathResolver.TryResolve(fs, childPath, followFinalSymlink: true, out _);
                    }
                    catch (SymbolicLinkLoopException)
                    {
                        // The images contain symlink loops on purpose.
                    }
                    break;
                case FileType.RegularFile:
                    using (Stream s = fs.OpenRead(e.Node))
                    {
                        long total = 0;
                        int n;
                        while ((n = s.Read(buffer)) > 0)
                        {
                            total += n;
                        }

                        Assert.Equal(e.Node.Size, total);
                    }

                    break;
            }
        }

        ancestors.Remove(dir.InodeReference);
    }
}
