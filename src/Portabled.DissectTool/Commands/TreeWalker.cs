// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems;

namespace Portabled.DissectTool.Commands;

/// <summary>Depth-first walk of a file system with each directory's entries sorted by name (systemd's recurse_dir() with RECURSE_DIR_SORT).</summary>
internal static class TreeWalker
{
    /// <summary>Directories nested deeper than this are refused rather than walked (hostile images).</summary>
    public const int MaxDepth = 256;

    /// <summary>Yields (relative path, node) pairs, each directory right before its contents; the root itself is not yielded.</summary>
    public static IEnumerable<(string Path, FileSystemNode Node)> Walk(IReadOnlyFileSystem fs) => Walk(fs, fs.Root, string.Empty, 0);

    private static IEnumerable<(string Path, FileSystemNode Node)> Walk(IReadOnlyFileSystem fs, FileSystemNode directory, string prefix, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new IOException($"Directory tree deeper than {MaxDepth} levels, refusing.");
        }

        List<DirectoryEntry> entries = [.. fs.EnumerateDirectory(directory)];
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (DirectoryEntry entry in entries)
        {
            string path = prefix.Length == 0 ? entry.Name : prefix + "/" + entry.Name;
            yield return (path, entry.Node);
            if (entry.Node.Type == FileType.Directory)
            {
                foreach (var item in Walk(fs, entry.Node, path, depth + 1))
                {
                    yield return item;
                }
            }
        }
    }
}
