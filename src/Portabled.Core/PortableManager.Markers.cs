// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Images;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.HostDirectory;

namespace Portabled.Core;

/// <content>How state and detach compare what they are asked about with the markers of attached units.</content>
public sealed partial class PortableManager
{
    /// <summary>
    /// The image names of the images asked about, for <see cref="Attach.MarkerMatcher"/>: computed
    /// when a marker is first compared with an image (upstream evaluates them there, so a bad
    /// argument is an error only when something is attached), then reused for every marker.
    /// </summary>
    private Func<string, string> MarkerImageNames()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        return nameOrPath =>
        {
            if (!names.TryGetValue(nameOrPath, out string? name))
            {
                name = ResolveMarkerImageName(nameOrPath);
                names.Add(nameOrPath, name);
            }

            return name;
        };
    }

    // 262 passes the argument through path_pick() (symlinks resolved on the host, a missing tail
    // kept as given, relative paths taken from the daemon's working directory "/") and then
    // path_extract_image_name(); each step's errno is the reply (observed: '' and '..' EINVAL,
    // '/' and '.' EADDRNOTAVAIL, a symlink loop ELOOP, a 256-byte name EINVAL).
    private string ResolveMarkerImageName(string nameOrPath)
    {
        int errno = ImageNames.TryExtractFileName(nameOrPath, out _, out _);
        if (errno != 0 && errno != Errno.EADDRNOTAVAIL)
        {
            throw new ErrnoException(errno);
        }

        errno = ImageNames.TryExtractImageName(ResolveAllowingMissing(nameOrPath), out string name);
        return errno == 0 ? name : throw new ErrnoException(errno);
    }

    /// <summary>
    /// chase() with CHASE_NONEXISTENT: the longest existing prefix of <paramref name="path"/> resolved
    /// on the host (symlinks followed), the rest appended as given. A file in the middle of the path
    /// is ENOTDIR, a symlink loop ELOOP.
    /// </summary>
    private string ResolveAllowingMissing(string path)
    {
        string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // Every prefix of a path that resolves resolves too: find the longest one by bisection.
        int low = 0;
        int high = parts.Length;
        string canonical = "/";
        HostDirectoryNode? node = null;
        while (low < high)
        {
            int mid = (low + high + 1) / 2;
            if (TryResolveHost("/" + string.Join('/', parts[..mid]), out string resolved, out HostDirectoryNode? found))
            {
                (low, canonical, node) = (mid, resolved, found);
            }
            else
            {
                high = mid - 1;
            }
        }

        if (low == parts.Length)
        {
            return canonical;
        }

        if (low > 0 && node!.Type != FileType.Directory)
        {
            throw new ErrnoException(Errno.ENOTDIR);
        }

        return (canonical == "/" ? string.Empty : canonical) + "/" + string.Join('/', parts[low..]);
    }

    private bool TryResolveHost(string path, out string canonical, out HostDirectoryNode? node)
    {
        try
        {
            return _layout.TryResolve(path, true, out canonical, out node);
        }
        catch (SymbolicLinkLoopException e)
        {
            throw new ErrnoException(Errno.ELOOP, null, e);
        }
    }
}
