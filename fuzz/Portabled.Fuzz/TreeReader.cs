// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems;

namespace Portabled.Fuzz;

/// <summary>
/// Touches everything a file system holds, as portabled's metadata extraction and a copy-mode attach
/// would: every directory listed and every name looked up again, every xattr, every symlink read and
/// resolved, every byte of every file. Budgets (nodes, bytes, depth) keep the work bounded even if a
/// reader let a hostile graph through; running out of budget is not a failure, only a stop.
/// </summary>
public static class TreeReader
{
    private const int MaxNodes = 20_000;
    private const int MaxDepth = 64;
    private const long MaxBytes = 64L << 20;

    private static readonly string[] s_wellKnownPaths =
        ["/etc/os-release", "/usr/lib/os-release", "/usr/lib/systemd/system", "/etc/../usr/./lib//os-release"];

    /// <summary>Reads all of <paramref name="fs"/> within the budgets.</summary>
    public static void ReadAll(IReadOnlyFileSystem fs)
    {
        var budget = new Budget();
        foreach (string path in s_wellKnownPaths)
        {
            Resolve(fs, path);
        }

        Visit(fs, fs.Root, "", 0, budget);
    }

    private static void Visit(IReadOnlyFileSystem fs, FileSystemNode node, string path, int depth, Budget budget)
    {
        if (++budget.Nodes > MaxNodes || budget.Bytes > MaxBytes)
        {
            return;
        }

        foreach (ExtendedAttribute xattr in fs.ListExtendedAttributes(node))
        {
            _ = fs.TryGetExtendedAttribute(node, xattr.Name, out _);
        }

        switch (node.Type)
        {
            case FileType.Directory when depth < MaxDepth:
                foreach (DirectoryEntry entry in fs.EnumerateDirectory(node))
                {
                    _ = fs.TryLookup(node, entry.Name, out _);
                    Visit(fs, entry.Node, path + "/" + entry.Name, depth + 1, budget);
                    if (budget.Nodes > MaxNodes)
                    {
                        return;
                    }
                }

                break;
            case FileType.SymbolicLink:
                _ = fs.ReadSymbolicLink(node);
                Resolve(fs, path);
                break;
            case FileType.RegularFile:
                ReadFile(fs, node, budget);
                break;
        }
    }

    // A loop is an answer about one path (the seeds hold one on purpose), not about the image.
    private static void Resolve(IReadOnlyFileSystem fs, string path)
    {
        try
        {
            _ = ImagePathResolver.TryResolve(fs, path, followFinalSymlink: true, out _);
        }
        catch (SymbolicLinkLoopException)
        {
        }
    }

    private static void ReadFile(IReadOnlyFileSystem fs, FileSystemNode file, Budget budget)
    {
        using Stream stream = fs.OpenRead(file);
        byte[] buffer = new byte[16 * 1024];
        int n;
        while (budget.Bytes <= MaxBytes && (n = stream.Read(buffer)) > 0)
        {
            budget.Bytes += n;
        }

        // A seek back and a short read from the middle: the readers' random-access paths.
        if (stream.Length > 1)
        {
            stream.Position = stream.Length / 2;
            _ = stream.Read(buffer, 0, 1);
        }
    }

    private sealed class Budget
    {
        public int Nodes;
        public long Bytes;
    }
}
