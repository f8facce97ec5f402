// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Host;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Images;

/// <summary>
/// Whether the file system under an image is read-only, asked once per mount during one discovery
/// pass: listing 5,000 images on one mount makes one access(2) call instead of 5,000. Within a mount
/// the answer is the same for every directory and regular file (the mount's or its super block's
/// read-only flag); device nodes, for which access(2) does not report it, and paths whose mount
/// statx does not name are asked one by one.
/// </summary>
internal sealed class ReadOnlyMounts
{
    private readonly Dictionary<ulong, bool> _known = [];

    public bool IsReadOnly(string hostPath, FileType type, ulong? mountId)
    {
        if (mountId is not { } id || type is not (FileType.Directory or FileType.RegularFile))
        {
            return HostFileSystem.IsOnReadOnlyFileSystem(hostPath);
        }

        if (!_known.TryGetValue(id, out bool readOnly))
        {
            readOnly = HostFileSystem.IsOnReadOnlyFileSystem(hostPath);
            _known[id] = readOnly;
        }

        return readOnly;
    }
}
