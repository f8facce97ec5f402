// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Security.Cryptography;
using Portabled.Dissect.FileSystems;

namespace Portabled.Testing;

/// <summary>
/// A canonical, sorted listing of a file system tree, one line per path:
/// <c>path type perms uid gid size target sha256</c> (tab-separated). Built either from the kernel's
/// view of a loop-mounted image (<see cref="KernelOracle"/>) or from one of our readers, so two
/// listings compare with a plain string equality. Directory sizes are left out: they differ between
/// the kernel and on-disk numbers for some formats and mean nothing to a reader's correctness.
/// </summary>
public static class FileSystemListing
{
    /// <summary>Walks <paramref name="fileSystem"/> from its root (symlinks are not followed).</summary>
    public static IReadOnlyList<string> FromFileSystem(IReadOnlyFileSystem fileSystem)
    {
        var lines = new List<string>();
        Walk(fileSystem, fileSystem.Root, string.Empty, lines, depth: 0);
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Formats one line.</summary>
    public static string Line(string path, char type, uint permissions, uint uid, uint gid, long size, string target, string hash) =>
        string.Join('\t', path, type.ToString(), Convert.ToString(permissions, 8), uid.ToString(CultureInfo.InvariantCulture),
            gid.ToString(CultureInfo.InvariantCulture), type == 'd' ? "-" : size.ToString(CultureInfo.InvariantCulture), target, hash);

    /// <summary>find(1)'s %y letter for a type.</summary>
    public static char TypeLetter(FileType type) => type switch
    {
        FileType.RegularFile => 'f',
        FileType.Directory => 'd',
        FileType.SymbolicLink => 'l',
        FileType.BlockDevice => 'b',
        FileType.CharacterDevice => 'c',
        FileType.Fifo => 'p',
        FileType.Socket => 's',
        _ => '?',
    };

    private static void Walk(IReadOnlyFileSystem fs, FileSystemNode dir, string prefix, List<string> lines, int depth)
    {
        if (depth > 256)
        {
            throw new InvalidOperationException("tree deeper than 256 levels");
        }

        foreach (DirectoryEntry e in fs.EnumerateDirectory(dir))
        {
            string path = prefix.Length == 0 ? e.Name : prefix + "/" + e.Name;
            FileSystemNode n = e.Node;
            string target = n.Type == FileType.SymbolicLink ? fs.ReadSymbolicLink(n) : string.Empty;
            string hash = string.Empty;
            if (n.Type == FileType.RegularFile)
            {
                using Stream s = fs.OpenRead(n);
                hash = Convert.ToHexStringLower(SHA256.HashData(s));
            }
            else if (n.Type is FileType.BlockDevice or FileType.CharacterDevice)
            {
                hash = string.Create(CultureInfo.InvariantCulture, $"{n.DeviceMajor}:{n.DeviceMinor}");
            }

            lines.Add(Line(path, TypeLetter(n.Type), n.Permissions, n.Uid, n.Gid, n.Size, target, hash));
            if (n.Type == FileType.Directory)
            {
                Walk(fs, n, path, lines, depth + 1);
            }
        }
    }
}
