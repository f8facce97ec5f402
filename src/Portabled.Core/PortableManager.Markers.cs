// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Images;

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

        errno = ImageNames.TryExtractImageName(HostPaths.ResolveAllowingMissing(_layout, nameOrPath), out string name);
        return errno == 0 ? name : throw new ErrnoException(errno);
    }
}
