// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems;

namespace Portabled.Testing;

/// <summary>
/// A canonical, sorted listing of every extended attribute of a tree, one line per attribute:
/// <c>path name hex-value</c> (tab-separated, <c>.</c> for the root), built from one of our readers or
/// from getfattr(1) output (the kernel's view, see <see cref="KernelOracle.ListExtendedAttributes"/>),
/// so two listings compare with a plain string equality.
/// </summary>
public static class ExtendedAttributeListing
{
    /// <summary>Every attribute of every node of <paramref name="fileSystem"/> (symlinks not followed, each directory once).</summary>
    public static IReadOnlyList<string> FromFileSystem(IReadOnlyFileSystem fileSystem)
    {
        var lines = new List<string>();
        var pending = new Stack<(FileSystemNode Node, string Path)>();
        pending.Push((fileSystem.Root, "."));
        var seen = new HashSet<ulong>();
        while (pending.Count > 0)
        {
            (FileSystemNode node, string path) = pending.Pop();
            Add(lines, path, fileSystem.ListExtendedAttributes(node));
            if (node.Type != FileType.Directory || !seen.Add(node.InodeNumber))
            {
                continue;
            }

            foreach (DirectoryEntry entry in fileSystem.EnumerateDirectory(node))
            {
                pending.Push((entry.Node, path == "." ? entry.Name : path + "/" + entry.Name));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>The attributes of the host tree at <paramref name="directory"/>, as getfattr(1) reports them.</summary>
    public static IReadOnlyList<string> FromHostTree(string directory) =>
        ParseGetfattr(ProcessRunner.Shell($"cd '{directory}' && getfattr -R -P -h -d -m - -e hex ."));

    /// <summary>
    /// Parses <c>getfattr -R -h -d -m - -e hex</c> output: blocks of <c># file: PATH</c> followed by
    /// <c>name=0xHEX</c> lines (an empty value is <c>name=0x</c> or a bare <c>name</c>).
    /// </summary>
    public static IReadOnlyList<string> ParseGetfattr(string output)
    {
        var lines = new List<string>();
        string? path = null;
        foreach (string line in output.Split('\n'))
        {
            if (line.StartsWith("# file: ", StringComparison.Ordinal))
            {
                path = line["# file: ".Length..];
            }
            else if (line.Length > 0 && path is not null)
            {
                int equals = line.IndexOf('=', StringComparison.Ordinal);
                string name = equals < 0 ? line : line[..equals];
                string hex = equals < 0 ? string.Empty : line[(equals + 1)..];
                if (hex.Length > 0 && !hex.StartsWith("0x", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"getfattr printed a value that is not hex: {line}");
                }

                lines.Add(Line(path, name, hex.Length == 0 ? string.Empty : hex[2..].ToLowerInvariant()));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static void Add(List<string> lines, string path, IReadOnlyList<ExtendedAttribute> attributes)
    {
        foreach (ExtendedAttribute attribute in attributes)
        {
            lines.Add(Line(path, attribute.Name, Convert.ToHexStringLower(attribute.Value)));
        }
    }

    private static string Line(string path, string name, string hex) => string.Join('\t', path, name, hex);
}
