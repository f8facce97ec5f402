// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Security.Cryptography;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Tests.Host;

/// <summary>
/// What a SIGKILL leaves on disk, taken in-process: a copy of a whole root prefix (directories,
/// files with their modes, symlinks as links), and a canonical listing of the trees an operation
/// changes (<c>/etc</c>, <c>/run</c>) to compare states with.
/// </summary>
internal static class HostSnapshot
{
    /// <summary>Copies the tree at <paramref name="source"/> to <paramref name="destination"/> (which must not exist).</summary>
    public static void Copy(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string entry in Directory.EnumerateFileSystemEntries(source))
        {
            string target = Path.Join(destination, Path.GetFileName(entry));
            Assert.True(HostFileStatus.TryGet(entry, out HostFileStatus st, out _));
            switch (st.Type)
            {
                case FileType.Directory:
                    Copy(entry, target);
                    File.SetUnixFileMode(target, (UnixFileMode)st.Permissions);
                    break;
                case FileType.SymbolicLink:
                    File.CreateSymbolicLink(target, new FileInfo(entry).LinkTarget!);
                    break;
                case FileType.RegularFile:
                    File.Copy(entry, target);
                    File.SetUnixFileMode(target, (UnixFileMode)st.Permissions);
                    break;
            }
        }
    }

    /// <summary>Every entry below /etc and /run of the root: path, type, mode, link target or content hash; sorted.</summary>
    public static string List(string root)
    {
        var lines = new List<string>();
        foreach (string top in (string[])["etc", "run"])
        {
            Walk(root, Path.Join(root, top), lines);
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }

    /// <summary>The temporaries and intent records below /etc and /run of the root.</summary>
    public static IReadOnlyList<string> Leftovers(string root) =>
        [.. List(root).Split('\n').Select(l => l.Split('\t')[0]).Where(p => Path.GetFileName(p).StartsWith(".#", StringComparison.Ordinal) ||
            Path.GetFileName(p) == ".portabled-intent")];

    private static void Walk(string root, string directory, List<string> lines)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (string entry in Directory.EnumerateFileSystemEntries(directory))
        {
            Assert.True(HostFileStatus.TryGet(entry, out HostFileStatus st, out _));
            string path = entry[root.Length..];
            string mode = Convert.ToString(st.Permissions, 8);
            switch (st.Type)
            {
                case FileType.Directory:
                    lines.Add($"{path}\td\t{mode}");
                    Walk(root, entry, lines);
                    break;
                case FileType.SymbolicLink:
                    lines.Add($"{path}\tl\t{new FileInfo(entry).LinkTarget}");
                    break;
                default:
                    lines.Add($"{path}\tf\t{mode}\t{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(entry)))}");
                    break;
            }
        }
    }
}
