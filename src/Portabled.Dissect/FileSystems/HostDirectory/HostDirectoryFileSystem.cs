// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics.CodeAnalysis;

namespace Portabled.Dissect.FileSystems.HostDirectory;

/// <summary>
/// A directory image on the host, behind the same interface as the in-image readers. Lookups are
/// lstat-based and one component at a time, so no host symlink is ever followed here: symlinks are
/// resolved inside the image by <see cref="ImagePathResolver"/>. Opening a file re-checks its inode,
/// so a file swapped for a symlink between lookup and open is refused.
/// </summary>
public sealed class HostDirectoryFileSystem : IReadOnlyFileSystem
{
    /// <summary>Entries listed per directory before the listing is refused as hostile.</summary>
    public const int MaxDirectoryEntries = 1 << 20;

    /// <summary>Opens the directory at <paramref name="rootPath"/> (which must be a directory, symlinks followed).</summary>
    public HostDirectoryFileSystem(string rootPath)
    {
        string full = Path.GetFullPath(rootPath);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"'{rootPath}' is not a directory.");
        }

        Root = MakeNode(full, requireExisting: true)!;
    }

    /// <inheritdoc />
    public string FormatName => "directory";

    /// <inheritdoc />
    /// <remarks>Every stream is a file of its own on the host.</remarks>
    public bool SupportsConcurrentReads => true;

    /// <inheritdoc />
    public FileSystemNode Root { get; }

    /// <inheritdoc />
    public bool TryLookup(FileSystemNode directory, string name, out FileSystemNode? node)
    {
        bool found = TryLookupEntry(AsHost(directory), name, out HostDirectoryNode? entry, out _);
        node = entry;
        return found;
    }

    /// <summary>
    /// <see cref="TryLookup"/> for a node of any host directory file system (a lookup needs nothing
    /// of the instance): the entry <paramref name="name"/> of <paramref name="directory"/>, lstat'ed,
    /// with the whole status that lstat gave (birth time, blocks), so callers need not ask again.
    /// </summary>
    public static bool TryLookupEntry(HostDirectoryNode directory, string name, [NotNullWhen(true)] out HostDirectoryNode? node, out HostFileStatus status)
    {
        node = null;
        status = default;
        if (!IsPlainName(name) || directory.Type != FileType.Directory)
        {
            return false;
        }

        node = MakeNode(Path.Join(directory.HostPath, name), requireExisting: false, out status);
        return node is not null;
    }

    /// <inheritdoc />
    public IEnumerable<DirectoryEntry> EnumerateDirectory(FileSystemNode directory)
    {
        HostDirectoryNode dir = AsHost(directory);
        int count = 0;
        foreach (string path in Directory.EnumerateFileSystemEntries(dir.HostPath))
        {
            if (++count > MaxDirectoryEntries)
            {
                throw new IOException($"Directory '{dir.HostPath}' has more than {MaxDirectoryEntries} entries, refusing.");
            }

            // Entries that vanish while listing are skipped, as readdir() would not have seen them.
            if (MakeNode(path, requireExisting: false) is { } child)
            {
                yield return new DirectoryEntry(Path.GetFileName(path), child);
            }
        }
    }

    /// <inheritdoc />
    public string ReadSymbolicLink(FileSystemNode symbolicLink)
    {
        HostDirectoryNode link = AsHost(symbolicLink);
        if (link.Type != FileType.SymbolicLink)
        {
            throw new IOException($"'{link.HostPath}' is not a symbolic link.");
        }

        string? target = new FileInfo(link.HostPath).LinkTarget;
        if (target is null || target.Length > ImagePathResolver.MaxPathLength)
        {
            throw new IOException($"Cannot read symbolic link '{link.HostPath}'.");
        }

        return target;
    }

    /// <inheritdoc />
    public Stream OpenRead(FileSystemNode file)
    {
        HostDirectoryNode node = AsHost(file);
        if (node.Type != FileType.RegularFile)
        {
            throw new IOException($"'{node.HostPath}' is not a regular file.");
        }

        var handle = File.OpenHandle(node.HostPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        HostFileStatus opened = HostFileStatus.Get(handle);
        if (opened.InodeNumber != node.InodeNumber || opened.Device != node.Device || opened.Type != FileType.RegularFile)
        {
            handle.Dispose();
            throw new IOException($"'{node.HostPath}' changed while it was being opened, refusing.");
        }

        return new FileStream(handle, FileAccess.Read, bufferSize: 0);
    }

    /// <inheritdoc />
    public IReadOnlyList<ExtendedAttribute> ListExtendedAttributes(FileSystemNode node) => HostExtendedAttributes.List(AsHost(node).HostPath);

    /// <inheritdoc />
    public bool TryGetExtendedAttribute(FileSystemNode node, string name, [NotNullWhen(true)] out byte[]? value) =>
        HostExtendedAttributes.TryGet(AsHost(node).HostPath, name, out value);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && name.Length <= 255 && name != "." && name != ".." && !name.Contains('/') && !name.Contains('\0');

    private static HostDirectoryNode AsHost(FileSystemNode node) =>
        node as HostDirectoryNode ?? throw new ArgumentException("Node belongs to another file system.", nameof(node));

    private static HostDirectoryNode? MakeNode(string path, bool requireExisting) => MakeNode(path, requireExisting, out _);

    private static HostDirectoryNode? MakeNode(string path, bool requireExisting, out HostFileStatus st)
    {
        if (!HostFileStatus.TryGet(path, out st, out int errno))
        {
            return requireExisting ? throw new IOException($"Cannot stat '{path}': errno {errno}") : null;
        }

        return new HostDirectoryNode
        {
            HostPath = path,
            Type = st.Type,
            Permissions = st.Permissions,
            Uid = st.Uid,
            Gid = st.Gid,
            Size = st.Size,
            ModificationTimeSeconds = st.ModificationTimeSeconds,
            ModificationTimeNanoseconds = st.ModificationTimeNanoseconds,
            InodeNumber = st.InodeNumber,
            LinkCount = st.LinkCount,
            DeviceMajor = st.DeviceMajor,
            DeviceMinor = st.DeviceMinor,
            Device = st.Device,
        };
    }
}
