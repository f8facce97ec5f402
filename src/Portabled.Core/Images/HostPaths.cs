// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.HostDirectory;

namespace Portabled.Core.Images;

/// <summary>
/// Paths given over the API looked up on the host the way upstream's chase() and stat() see them:
/// which errno a path that does not resolve has, and the path resolved as far as it exists.
/// </summary>
internal static class HostPaths
{
    /// <summary>
    /// Why <paramref name="path"/> (absolute, logical) does not resolve: ENOTDIR when a file stands
    /// where a directory is needed, else ENOENT. (A symlink loop throws ELOOP from the lookup itself.)
    /// </summary>
    public static int FailureErrno(HostLayout layout, string path)
    {
        (int existing, HostDirectoryNode? node, _, string[] parts) = LongestExistingPrefix(layout, path);
        return existing > 0 && existing < parts.Length && node!.Type != FileType.Directory ? Errno.ENOTDIR : Errno.ENOENT;
    }

    /// <summary>
    /// chase() with CHASE_NONEXISTENT: the longest existing prefix of <paramref name="path"/> resolved
    /// (symlinks followed; relative paths start at "/", the daemon's working directory), the rest
    /// appended as given. A file in the middle of the path is ENOTDIR, a symlink loop ELOOP.
    /// </summary>
    public static string ResolveAllowingMissing(HostLayout layout, string path)
    {
        (int existing, HostDirectoryNode? node, string canonical, string[] parts) = LongestExistingPrefix(layout, path);
        if (existing == parts.Length)
        {
            return canonical;
        }

        if (existing > 0 && node!.Type != FileType.Directory)
        {
            throw new ErrnoException(Errno.ENOTDIR);
        }

        return (canonical == "/" ? string.Empty : canonical) + "/" + string.Join('/', parts[existing..]);
    }

    // Every prefix of a path that resolves resolves too, so bisection finds the longest one in
    // O(log n) lookups (a 4 KiB path has up to 2048 components).
    private static (int Existing, HostDirectoryNode? Node, string Canonical, string[] Parts) LongestExistingPrefix(HostLayout layout, string path)
    {
        string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int low = 0;
        int high = parts.Length;
        string canonical = "/";
        HostDirectoryNode? node = null;
        while (low < high)
        {
            int mid = (low + high + 1) / 2;
            if (layout.TryResolve("/" + string.Join('/', parts[..mid]), true, out string resolved, out HostDirectoryNode? found))
            {
                (low, canonical, node) = (mid, resolved, found);
            }
            else
            {
                high = mid - 1;
            }
        }

        return (low, node, canonical, parts);
    }
}
