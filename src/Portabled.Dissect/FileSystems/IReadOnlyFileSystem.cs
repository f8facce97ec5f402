// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics.CodeAnalysis;

namespace Portabled.Dissect.FileSystems;

/// <summary>
/// A read-only file system: a directory image on the host, or a squashfs/ext4/erofs file system
/// read in userspace. Names are single path components; paths are resolved by
/// <see cref="ImagePathResolver"/>, which applies the image-root rules once for every format.
/// Readers validate everything they read and throw <see cref="InvalidImageException"/> on corrupt
/// input; they never allocate by a size taken from the image without checking it against a limit.
/// </summary>
public interface IReadOnlyFileSystem : IDisposable
{
    /// <summary>Short format name as <c>blkid</c> spells it: <c>squashfs</c>, <c>ext4</c>, <c>erofs</c>, or <c>directory</c>.</summary>
    string FormatName { get; }

    /// <summary>The root directory.</summary>
    FileSystemNode Root { get; }

    /// <summary>
    /// True when streams of different files may be opened and read on several threads at once, while
    /// another thread lists directories (what <c>--mtree</c> does to hash ahead). Every other use is
    /// single-threaded. Readers whose shared state is not locked, and regions read through a dm-verity
    /// tree (which verifies one sequential stream ahead on its own thread), say false.
    /// </summary>
    bool SupportsConcurrentReads { get; }

    /// <summary>Looks up one name in a directory; false when absent.</summary>
    bool TryLookup(FileSystemNode directory, string name, out FileSystemNode? node);

    /// <summary>Lists a directory, without <c>.</c> and <c>..</c>, in on-disk order.</summary>
    IEnumerable<DirectoryEntry> EnumerateDirectory(FileSystemNode directory);

    /// <summary>The target of a symbolic link (at most 4096 bytes).</summary>
    string ReadSymbolicLink(FileSystemNode symbolicLink);

    /// <summary>Opens a regular file's contents as a read-only, seekable stream read lazily.</summary>
    Stream OpenRead(FileSystemNode file);

    /// <summary>
    /// The extended attributes of the node itself (a symbolic link's own, never its target's), in
    /// on-disk order, as listxattr(2) and getxattr(2) on the mounted file system would report them:
    /// full names with their namespace prefix, POSIX ACLs in the kernel's xattr format. Readers
    /// apply <see cref="ExtendedAttributeLimits"/>; a file system without xattrs returns an empty list.
    /// </summary>
    IReadOnlyList<ExtendedAttribute> ListExtendedAttributes(FileSystemNode node);

    /// <summary>The value of the node's extended attribute <paramref name="name"/> (full name, prefix included); false when it has none of that name.</summary>
    bool TryGetExtendedAttribute(FileSystemNode node, string name, [NotNullWhen(true)] out byte[]? value);
}
