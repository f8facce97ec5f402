// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems;

/// <summary>
/// Resolves paths inside an image the way systemd's chase() does with CHASE_PREFIX_ROOT: the image
/// root is "/", <c>..</c> never climbs above it, absolute symlink targets are taken relative to the
/// image root, and at most <see cref="MaxSymlinkHops"/> symlinks are followed. Nothing here can
/// reach a host file: every step is a lookup in the image's own file system.
/// </summary>
public static class ImagePathResolver
{
    /// <summary>Symlinks followed before giving up with ELOOP (systemd's CHASE_MAX).</summary>
    public const int MaxSymlinkHops = 32;

    /// <summary>Longest path accepted (PATH_MAX), for the input and for every symlink target.</summary>
    public const int MaxPathLength = 4096;

    /// <summary>
    /// Resolves <paramref name="path"/> (absolute or relative to the root). Returns false when a
    /// component is missing or a non-directory is used as a directory. Throws
    /// <see cref="SymbolicLinkLoopException"/> after too many symlinks.
    /// </summary>
    public static bool TryResolve(IReadOnlyFileSystem fileSystem, string path, bool followFinalSymlink, out ResolvedPath resolved) =>
        TryResolve(fileSystem, path, followFinalSymlink, MaxSymlinkHops, out resolved);

    /// <summary>
    /// Like <see cref="TryResolve(IReadOnlyFileSystem, string, bool, out ResolvedPath)"/> with another
    /// limit on the symlinks followed (the kernel's 40 when reproducing an openat() of the host).
    /// </summary>
    public static bool TryResolve(IReadOnlyFileSystem fileSystem, string path, bool followFinalSymlink, int maxSymlinkHops, out ResolvedPath resolved)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSymlinkHops);
        resolved = default;
        if (path.Length > MaxPathLength)
        {
            return false;
        }

        var pending = new LinkedList<string>(SplitComponents(path));
        var nodes = new List<FileSystemNode> { fileSystem.Root };
        var names = new List<string>();
        int hops = 0;

        while (pending.First is { } first)
        {
            string component = first.Value;
            pending.RemoveFirst();
            if (component == "..")
            {
                if (names.Count > 0)
                {
                    names.RemoveAt(names.Count - 1);
                    nodes.RemoveAt(nodes.Count - 1);
                }

                continue;
            }

            FileSystemNode current = nodes[^1];
            if (current.Type != FileType.Directory || !fileSystem.TryLookup(current, component, out FileSystemNode? child) || child is null)
            {
                return false;
            }

            if (child.Type == FileType.SymbolicLink && (pending.Count > 0 || followFinalSymlink))
            {
                if (++hops > maxSymlinkHops)
                {
                    throw new SymbolicLinkLoopException(path);
                }

                string target = fileSystem.ReadSymbolicLink(child);
                if (target.Length == 0 || target.Length > MaxPathLength)
                {
                    return false;
                }

                if (target[0] == '/')
                {
                    nodes.RemoveRange(1, nodes.Count - 1);
                    names.Clear();
                }

                foreach (string part in SplitComponents(target).Reverse())
                {
                    pending.AddFirst(part);
                }

                continue;
            }

            nodes.Add(child);
            names.Add(component);
        }

        resolved = new ResolvedPath(nodes[^1], "/" + string.Join('/', names));
        return true;
    }

    private static IEnumerable<string> SplitComponents(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(c => c != ".");
}
