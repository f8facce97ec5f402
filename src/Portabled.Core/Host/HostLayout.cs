// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics.CodeAnalysis;
using Portabled.Core.Errors;
using Portabled.Core.Scope;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Host;

/// <summary>
/// Where portabled's host files live. Every host path goes through here, so the whole daemon can
/// run against a root prefix (<c>--root=DIR</c>, tests, offline use): logical paths (what the API
/// reports, what drop-ins contain) are absolute paths as seen from the root, and
/// <see cref="ToHost"/> turns them into real paths. Symlinks met on the host are resolved by
/// <see cref="TryResolve"/> relative to the root, so an absolute link target never leaves it.
/// </summary>
public sealed class HostLayout
{
    /// <summary>The system scope's image search path (docs/attach-detach.md, "Image search path"), first hit wins.</summary>
    public static IReadOnlyList<string> ImageSearchPath => PortableScope.System.ImageSearchPath;

    private readonly Lazy<bool> _usesSelinux = new(() => HostFileSystem.IsSelinuxEnabled());

    /// <summary>
    /// Creates a layout for the host at <paramref name="root"/> (default: the real root) and the
    /// directories of <paramref name="scope"/> (default: the system's).
    /// </summary>
    public HostLayout(string root = "/", PortableScope? scope = null)
    {
        Scope = scope ?? PortableScope.System;
        ArgumentException.ThrowIfNullOrEmpty(root);
        string full = Path.GetFullPath(root);
        Root = full.Length > 1 ? full.TrimEnd('/') : full;
        if (Root.Length == 0)
        {
            Root = "/";
        }
    }

    /// <summary>The runtime scope and its directories (docs/user-scope.md).</summary>
    public PortableScope Scope { get; }

    /// <summary>The root directory, absolute, without a trailing slash (or <c>/</c>).</summary>
    public string Root { get; }

    /// <summary>
    /// Whether SELinux is in use on this host (upstream's mac_selinux_use(); see
    /// <see cref="HostFileSystem.IsSelinuxEnabled"/>): then each unit file copied from an image gets
    /// the image's SELinux label. Detected on first use; hosts and tests may set it.
    /// </summary>
    public bool UsesSelinux
    {
        get => _usesSelinux.Value;
        init => _usesSelinux = new Lazy<bool>(() => value);
    }

    /// <summary>The host-write step counter, with the crash and fault tests' hook (docs/reliability.md, "Test hooks").</summary>
    public HostWriteSteps WriteSteps { get; init; } = new();

    /// <summary>Whether the layout is the real root.</summary>
    public bool IsRealRoot => Root == "/";

    /// <summary>The image pool, <c>/var/lib/portables</c> (user scope: <c>~/.local/state/portables</c>).</summary>
    public string PoolPath => Scope.PoolPath;

    /// <summary>The unit search path on the host, for the "exists on the host already" check.</summary>
    public IReadOnlyList<string> UnitSearchPath => Scope.HostUnitSearchPath;

    /// <summary>The directory units are attached to: <c>/etc/systemd/system.attached</c> or <c>/run/…</c> (user scope: <c>user.attached</c>).</summary>
    public string GetAttachedDirectory(bool runtime) => Scope.GetAttachedDirectory(runtime);

    /// <summary>The directory image links go to: <c>/etc/portables</c> or <c>/run/portables</c> (user scope: docs/user-scope.md).</summary>
    public string GetPortablesLinkDirectory(bool runtime) => Scope.GetLinkDirectory(runtime);

    /// <summary>The host path of a logical absolute path.</summary>
    public string ToHost(string logicalAbsolutePath)
    {
        if (!logicalAbsolutePath.StartsWith('/'))
        {
            throw new ArgumentException($"'{logicalAbsolutePath}' is not an absolute path.", nameof(logicalAbsolutePath));
        }

        return IsRealRoot ? logicalAbsolutePath : Root + logicalAbsolutePath;
    }

    /// <summary>
    /// Whether a host path that is a symlink leads nowhere (stat() fails with ENOENT; .NET's
    /// File.Exists says true for a dangling link). A loop is not dangling.
    /// </summary>
    public static bool IsDangling(string hostPath)
    {
        try
        {
            // The final target is no symlink, so Path.Exists tells the truth about it.
            return File.ResolveLinkTarget(hostPath, returnFinalTarget: true) is { } target && !Path.Exists(target.FullName);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Resolves a logical path on the host, following symlinks (absolute targets taken relative to
    /// the root, <c>..</c> clamped at the root). The canonical logical path and the node (whose
    /// <see cref="HostDirectoryNode.HostPath"/> is the real path) come back; false when missing. A
    /// symlink loop is ELOOP (an <see cref="ErrnoException"/>).
    /// </summary>
    public bool TryResolve(string logicalPath, bool followFinalSymlink, out string canonicalPath, [NotNullWhen(true)] out HostDirectoryNode? node)
    {
        canonicalPath = string.Empty;
        node = null;
        using var fs = new HostDirectoryFileSystem(Root);
        ResolvedPath resolved;
        try
        {
            if (!ImagePathResolver.TryResolve(fs, logicalPath, followFinalSymlink, out resolved))
            {
                return false;
            }
        }
        catch (SymbolicLinkLoopException e)
        {
            // A host path, not an image: the errno upstream's stat() gets.
            throw new ErrnoException(Errno.ELOOP, null, e);
        }

        canonicalPath = resolved.CanonicalPath;
        node = (HostDirectoryNode)resolved.Node;
        return true;
    }

    /// <summary>
    /// <see cref="TryResolve"/> of <c>DIRECTORY/NAME</c>, final symlink followed, for an entry of a
    /// directory <see cref="TryResolve"/> gave (<paramref name="canonicalDirectory"/>,
    /// <paramref name="directory"/>): the same answer, with one lstat when the entry is no symlink
    /// instead of walking the whole path again (listing thousands of images, docs/benchmarks.md).
    /// <paramref name="status"/> is that lstat's full status, or null when the entry was a symlink.
    /// </summary>
    public bool TryResolveEntry(string logicalDirectory, string canonicalDirectory, HostDirectoryNode directory, string name,
        out string canonicalPath, [NotNullWhen(true)] out HostDirectoryNode? node, out HostFileStatus? status)
    {
        status = null;
        if (!HostDirectoryFileSystem.TryLookupEntry(directory, name, out HostDirectoryNode? entry, out HostFileStatus entryStatus))
        {
            canonicalPath = string.Empty;
            node = null;
            return false;
        }

        if (entry.Type == FileType.SymbolicLink)
        {
            return TryResolve(logicalDirectory + "/" + name, true, out canonicalPath, out node);
        }

        canonicalPath = canonicalDirectory == "/" ? "/" + name : canonicalDirectory + "/" + name;
        node = entry;
        status = entryStatus;
        return true;
    }
}
