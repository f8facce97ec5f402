// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.Erofs;

namespace Portabled.Dissect.Tests.FileSystems.Erofs;

/// <summary>
/// Opens an image and touches everything in it: every directory, node, symlink target and file byte
/// (bounded). A directory that is its own ancestor throws <see cref="DirectoryCycleException"/>: the
/// reader rejects only an entry naming its own directory, so longer cycles are the walker's to find.
/// </summary>
internal static class ErofsTreeReader
{
    public const int MaxNodes = 20000;
    public const long MaxBytesPerFile = 4 << 20;

    public static int ReadEverything(string image)
    {
        using ImageFile file = ImageFile.Open(image);
        using var fs = new ErofsFileSystem(file.Whole);
        var buffer = new byte[65536];
        int nodes = 0;
        var stack = new Stack<(FileSystemNode Dir, string Path, HashSet<ulong> Ancestors)>();
        stack.Push((fs.Root, "", [fs.Root.InodeNumber]));
        while (stack.Count > 0 && nodes < MaxNodes)
        {
            (FileSystemNode dir, string path, HashSet<ulong> ancestors) = stack.Pop();
            foreach (DirectoryEntry entry in fs.EnumerateDirectory(dir))
            {
                if (++nodes >= MaxNodes)
                {
                    break;
                }

                FileSystemNode node = entry.Node;
                string childPath = path + "/" + entry.Name;
                switch (node.Type)
                {
                    case FileType.Directory when ancestors.Contains(node.InodeNumber):
                        throw new DirectoryCycleException(childPath, node.InodeNumber);
                    case FileType.Directory:
                        stack.Push((node, childPath, new HashSet<ulong>(ancestors) { node.InodeNumber }));
                        break;
                    case FileType.SymbolicLink:
                        _ = fs.ReadSymbolicLink(node);
                        break;
                    case FileType.RegularFile:
                        ReadFile(fs, node, buffer);
                        break;
                }
            }
        }

        return nodes;
    }

    private static void ReadFile(IReadOnlyFileSystem fs, FileSystemNode node, byte[] buffer)
    {
        using Stream s = fs.OpenRead(node);
        long total = 0;
        int n;
        while (total < MaxBytesPerFile && (n = s.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += n;
        }

        if (s.Length > 0)
        {
            // Random access too: the last byte, then the middle.
            s.Position = s.Length - 1;
            _ = s.Read(buffer, 0, 1);
            s.Position = s.Length / 2;
            _ = s.Read(buffer, 0, 1);
        }
    }
}
