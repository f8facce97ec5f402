// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Attach;

/// <summary>
/// The image copy of copy mode <c>mixed</c> (262): the image tree (or raw file) is copied next to
/// its final place and renamed into it. Directories, regular files and symlinks are copied with
/// their permission bits and, like upstream's copy_tree(), their <c>user.*</c> extended attributes
/// (so an extension copy keeps <c>user.extension-release.strict</c>); symlinks are copied as links,
/// never followed; device nodes, FIFOs and sockets are skipped.
/// </summary>
internal static class ImageCopier
{
    /// <summary>Entries copied at most, a bound against hostile trees.</summary>
    public const int MaxEntries = 1 << 20;

    /// <summary>Copies the image at <paramref name="imagePath"/> to <paramref name="destination"/> (logical paths).</summary>
    public static void Copy(HostLayout layout, string imagePath, string destination)
    {
        if (!layout.TryResolve(imagePath, true, out _, out HostDirectoryNode? source))
        {
            throw new ErrnoException(Errno.ENOENT);
        }

        string target = layout.ToHost(destination);
        string temp = Path.Join(Path.GetDirectoryName(target), ".#" + Path.GetFileName(target) + Guid.NewGuid().ToString("N"));
        try
        {
            int count = 0;
            CopyNode(source.HostPath, temp, ref count);
            Directory.Move(temp, target);
        }
        catch
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
            else
            {
                File.Delete(temp);
            }

            throw;
        }
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
