// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Attach;

/// <summary>
/// The image copy of copy mode <c>mixed</c> (262): the image tree (or raw file) is copied next to
/// its final place under a temporary name. Directories, regular files and symlinks are copied with
/// their permission bits and, like upstream's copy_tree(), their <c>user.*</c> extended attributes
/// (so an extension copy keeps <c>user.extension-release.strict</c>); symlinks are copied as links,
/// never followed; device nodes, FIFOs and sockets are skipped.
/// </summary>
internal static class ImageCopier
{
    /// <summary>Entries copied at most, a bound against hostile trees.</summary>
    public const int MaxEntries = 1 << 20;

    /// <summary>
    /// Copies the image at <paramref name="imagePath"/> (logical) to <paramref name="hostDestination"/>,
    /// a host path that must not exist: the staged temporary of the image link, renamed into place
    /// after the commit point (docs/reliability.md). A partial copy is left for the caller's undo.
    /// </summary>
    public static void CopyTo(HostLayout layout, string imagePath, string hostDestination)
    {
        if (!layout.TryResolve(imagePath, true, out _, out HostDirectoryNode? source))
        {
            throw new ErrnoException(Errno.ENOENT);
        }

        int count = 0;
        CopyNode(source.HostPath, hostDestination, ref count);
    }

    private static void CopyNode(string source, string destination, ref int count)
    {
        if (++count > MaxEntries || !HostFileStatus.TryGet(source, out HostFileStatus st, out _))
        {
            throw new ErrnoException(Errno.EFBIG);
        }

        switch (st.Type)
        {
            case FileType.Directory:
                Directory.CreateDirectory(destination);
                foreach (string entry in Directory.EnumerateFileSystemEntries(source))
                {
                    CopyNode(entry, Path.Join(destination, Path.GetFileName(entry)), ref count);
                }

                File.SetUnixFileMode(destination, (UnixFileMode)st.Permissions);
                CopyUserAttributes(source, destination);
                break;
            case FileType.RegularFile:
                File.Copy(source, destination);
                File.SetUnixFileMode(destination, (UnixFileMode)st.Permissions);
                CopyUserAttributes(source, destination);
                break;
            case FileType.SymbolicLink:
                File.CreateSymbolicLink(destination, new FileInfo(source).LinkTarget!);
                break;
        }
    }

    // copy_xattr() without COPY_ALL_XATTRS: only the user namespace, failures ignored as upstream does.
    private static void CopyUserAttributes(string source, string destination)
    {
        IReadOnlyList<ExtendedAttribute> attributes;
        try
        {
            attributes = HostExtendedAttributes.List(source);
        }
        catch (IOException)
        {
            return;
        }

        foreach (ExtendedAttribute attribute in attributes)
        {
            if (attribute.Name.StartsWith("user.", StringComparison.Ordinal))
            {
                _ = HostFileSystem.TrySetExtendedAttribute(destination, attribute.Name, attribute.Value);
            }
        }
    }
}
