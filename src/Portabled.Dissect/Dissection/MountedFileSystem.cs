// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics.CodeAnalysis;
using Portabled.Dissect.FileSystems;

namespace Portabled.Dissect.Dissection;

/// <summary>
/// The tree portabled sees once a dissected image is mounted: the root file system on <c>/</c> and
/// the usr file system on <c>/usr</c>, hiding whatever the root has there (the root must have a
/// <c>usr</c> directory to mount on: <see cref="DissectedImage.OpenRootFileSystem"/> checks). Without
/// a root file system (a usr-only image) <c>/</c> is an empty directory holding only <c>usr</c>, owned
/// by root with mode 0777, which is what systemd-dissect shows for it (docs/image-readers.md).
/// Nodes are wrapped so each remembers its file system.
/// </summary>
public sealed class MountedFileSystem : IReadOnlyFileSystem
{
    /// <summary>The permission bits of the synthetic root of a usr-only image: rwxrwxrwx (octal 0777).</summary>
    public const uint SyntheticRootPermissions = 0b111_111_111;

    private readonly IReadOnlyFileSystem? _root;
    private readonly IReadOnlyFileSystem? _usr;
    private readonly MountedNode _rootNode;

    /// <summary>Combines <paramref name="root"/> and <paramref name="usr"/>; at least one is required. Takes ownership of both.</summary>
    public MountedFileSystem(IReadOnlyFileSystem? root, IReadOnlyFileSystem? usr)
    {
        if (root is null && usr is null)
        {
            throw new ArgumentException("A root or a usr file system is required.");
        }

        _root = root;
        _usr = usr;
        _rootNode = root is null
            ? new MountedNode(null, null) { Type = FileType.Directory, Permissions = SyntheticRootPermissions, LinkCount = 3 }
            : MountedNode.Wrap(root, root.Root);
    }

    /// <inheritdoc />
    public string FormatName => (_root ?? _usr)!.FormatName;

    /// <inheritdoc />
    public FileSystemNode Root => _rootNode;

    /// <inheritdoc />
    public bool SupportsConcurrentReads => (_root?.SupportsConcurrentReads ?? true) && (_usr?.SupportsConcurrentReads ?? true);

    /// <inheritdoc />
    public bool TryLookup(FileSystemNode directory, string name, out FileSystemNode? node)
    {
        var dir = (MountedNode)directory;
        if (ReferenceEquals(dir, _rootNode) && _usr is not null && string.Equals(name, "usr", StringComparison.Ordinal))
        {
            node = MountedNode.Wrap(_usr, _usr.Root);
            return true;
        }

        node = null;
        if (dir.Owner is null || !dir.Owner.TryLookup(dir.Inner!, name, out FileSystemNode? inner) || inner is null)
        {
            return false;
        }

        node = MountedNode.Wrap(dir.Owner, inner);
        return true;
    }

    /// <inheritdoc />
    public IEnumerable<DirectoryEntry> EnumerateDirectory(FileSystemNode directory)
    {
        var dir = (MountedNode)directory;
        bool atTop = ReferenceEquals(dir, _rootNode);
        bool usrSeen = false;
        if (dir.Owner is not null)
        {
            foreach (DirectoryEntry entry in dir.Owner.EnumerateDirectory(dir.Inner!))
            {
                if (atTop && _usr is not null && string.Equals(entry.Name, "usr", StringComparison.Ordinal))
                {
                    usrSeen = true;
                    yield return new DirectoryEntry("usr", MountedNode.Wrap(_usr, _usr.Root));
                    continue;
                }

                yield return new DirectoryEntry(entry.Name, MountedNode.Wrap(dir.Owner, entry.Node));
            }
        }

        if (atTop && _usr is not null && !usrSeen)
        {
            yield return new DirectoryEntry("usr", MountedNode.Wrap(_usr, _usr.Root));
        }
    }

    /// <inheritdoc />
    public string ReadSymbolicLink(FileSystemNode symbolicLink)
    {
        var link = (MountedNode)symbolicLink;
        return link.Owner is null ? throw new IOException("Not a symbolic link.") : link.Owner.ReadSymbolicLink(link.Inner!);
    }

    /// <inheritdoc />
    public Stream OpenRead(FileSystemNode file)
    {
        var node = (MountedNode)file;
        return node.Owner is null ? throw new IOException("Is a directory.") : node.Owner.OpenRead(node.Inner!);
    }

    /// <inheritdoc />
    public IReadOnlyList<ExtendedAttribute> ListExtendedAttributes(FileSystemNode node)
    {
        var mounted = (MountedNode)node;
        // The synthetic root of a usr-only image is a fresh directory without xattrs, like the tmpfs systemd mounts there.
        return mounted.Owner is null ? [] : mounted.Owner.ListExtendedAttributes(mounted.Inner!);
    }

    /// <inheritdoc />
    public bool TryGetExtendedAttribute(FileSystemNode node, string name, [NotNullWhen(true)] out byte[]? value)
    {
        var mounted = (MountedNode)node;
        value = null;
        return mounted.Owner is not null && mounted.Owner.TryGetExtendedAttribute(mounted.Inner!, name, out value);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _root?.Dispose();
        _usr?.Dispose();
    }
}
