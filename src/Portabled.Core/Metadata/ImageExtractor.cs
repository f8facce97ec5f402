// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Versions;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Metadata;

namespace Portabled.Core.Metadata;

/// <summary>
/// Reads what portabled needs from inside an image (§3.2): the os-release or extension-release file
/// and the unit files. Every path is resolved inside the image by <see cref="ImagePathResolver"/>
/// (absolute symlinks are image-relative, <c>..</c> stops at the image root), and every read is bounded.
/// </summary>
internal static class ImageExtractor
{
    /// <summary>Largest os-release/extension-release file read.</summary>
    public const int MaxReleaseFileSize = MetadataLimits.MaxReleaseFileSize;

    /// <summary>Largest unit file read.</summary>
    public const int MaxUnitFileSize = MetadataLimits.MaxUnitFileSize;

    /// <summary>Most unit files taken from one image.</summary>
    public const int MaxUnits = MetadataLimits.MaxUnits;

    /// <summary>Entries looked at per unit directory.</summary>
    public const int MaxEntriesPerUnitDirectory = MetadataLimits.MaxEntriesPerUnitDirectory;

    /// <summary>The root image's os-release bytes, or the "lacks os-release data" error.</summary>
    public static byte[] ReadOsRelease(IReadOnlyFileSystem fs, string imagePath) =>
        TryReadOsRelease(fs, imagePath) ?? throw new InvalidArgumentsException($"Image '{imagePath}' lacks os-release data, refusing.");

    /// <summary>The os-release bytes (<c>/etc/os-release</c>, then <c>/usr/lib/os-release</c>), or null.</summary>
    public static byte[]? TryReadOsRelease(IReadOnlyFileSystem fs, string imagePath)
    {
        foreach (string path in ReleaseFiles.OsReleasePaths)
        {
            if (TryReadRegularFile(fs, imagePath, path, MaxReleaseFileSize, out byte[]? data))
            {
                return data;
            }
        }

        return null;
    }

    /// <summary>
    /// An extension's extension-release file: <c>/usr/lib/extension-release.d/extension-release.NAME</c>
    /// (sysext), then (262) <c>/etc/extension-release.d/extension-release.NAME</c> (confext); when
    /// neither exists, the one <c>extension-release.*</c> file of that directory whose
    /// <c>user.extension-release.strict</c> xattr is false (any, when <paramref name="relax"/>).
    /// The flag tells whether the file was found in the confext location.
    /// </summary>
    public static (byte[] Data, bool IsConfext) ReadExtensionRelease(IReadOnlyFileSystem fs, string imagePath, string extensionName, bool relax, UpstreamBehavior behavior) =>
        TryReadExtensionRelease(fs, imagePath, extensionName, relax, behavior) ??
        throw new InvalidArgumentsException($"Image '{imagePath}' lacks extension-release data, refusing.");

    /// <summary>Like <see cref="ReadExtensionRelease"/>, but null when the image has no extension-release file.</summary>
    public static (byte[] Data, bool IsConfext)? TryReadExtensionRelease(IReadOnlyFileSystem fs, string imagePath, string extensionName, bool relax, UpstreamBehavior behavior)
    {
        IReadOnlyList<string> dirs = behavior.ExtensionReleaseDirectories;
        foreach (string dir in dirs)
        {
            if (TryReadRegularFile(fs, imagePath, ReleaseFiles.ExtensionReleasePath(dir, extensionName), MaxReleaseFileSize, out byte[]? exact))
            {
                return (exact, dir.StartsWith("/etc/", StringComparison.Ordinal));
            }
        }

        foreach (string dir in dirs)
        {
            if (TryFindRelaxedRelease(fs, imagePath, dir, relax, out byte[]? found))
            {
                return (found, dir.StartsWith("/etc/", StringComparison.Ordinal));
            }
        }

        return null;
    }

    /// <summary>
    /// The unit files matching <paramref name="matches"/> in the unit search path inside the image,
    /// first occurrence of a name winning; empty and non-regular files skipped. With
    /// <paramref name="skipAbsoluteLinks"/> (252), a unit that is a symlink to an absolute path is
    /// skipped: 252 opened unit files through the host's view, so such links (nixpkgs images point
    /// into /nix/store) found nothing — we never read the host, we only reproduce the outcome.
    /// </summary>
    public static List<ExtractedUnit> ScanUnits(IReadOnlyFileSystem fs, string imagePath, IReadOnlyList<string> matches, int imageIndex, bool hasHostPaths,
        bool skipAbsoluteLinks = false)
    {
        var units = new List<ExtractedUnit>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string dir in UnitSearchPath.System)
        {
            if (!Resolve(fs, imagePath, dir, out ResolvedPath resolvedDir) || resolvedDir.Node.Type != FileType.Directory)
            {
                continue;
            }

            int entries = 0;
            foreach (DirectoryEntry entry in fs.EnumerateDirectory(resolvedDir.Node))
            {
                if (++entries > MaxEntriesPerUnitDirectory)
                {
                    throw new ErrnoException(Errno.EFBIG, $"Unit directory '{dir}' of image '{imagePath}' has more than {MaxEntriesPerUnitDirectory} entries, refusing.");
                }

                string name = entry.Name;
                if (!UnitNames.IsValid(name) || !UnitNames.HasPortableSuffix(name) || !UnitNames.MatchesPrefixes(name, matches) || seen.Contains(name) ||
                    entry.Node.Type is not (FileType.RegularFile or FileType.SymbolicLink) ||
                    (skipAbsoluteLinks && entry.Node.Type == FileType.SymbolicLink && fs.ReadSymbolicLink(entry.Node).StartsWith('/')) ||
                    !TryReadRegularFile(fs, imagePath, $"{dir}/{name}", MaxUnitFileSize, out byte[]? contents) || contents.Length == 0)
                {
                    continue;
                }

                if (units.Count >= MaxUnits)
                {
                    throw new ErrnoException(Errno.EFBIG, $"Image '{imagePath}' has more than {MaxUnits} matching unit files, refusing.");
                }

                seen.Add(name);
                units.Add(new ExtractedUnit(name, contents, imageIndex, hasHostPaths ? $"{imagePath}{dir}/{name}" : null));
            }
        }

        return units;
    }

    private static bool TryFindRelaxedRelease(IReadOnlyFileSystem fs, string imagePath, string dir, bool relax, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? data)
    {
        data = null;
        if (!Resolve(fs, imagePath, dir, out ResolvedPath resolvedDir) || resolvedDir.Node.Type != FileType.Directory)
        {
            return false;
        }

        string? candidate = null;
        int entries = 0;
        foreach (DirectoryEntry entry in fs.EnumerateDirectory(resolvedDir.Node))
        {
            if (++entries > MaxEntriesPerUnitDirectory)
            {
                break;
            }

            if (!entry.Name.StartsWith(ReleaseFiles.ExtensionReleasePrefix, StringComparison.Ordinal) || entry.Node.Type != FileType.RegularFile ||
                (!relax && !IsStrictnessRelaxed(entry.Node)))
            {
                continue;
            }

            if (candidate is not null)
            {
                throw new ErrnoException(Errno.ENOTUNIQ);
            }

            candidate = entry.Name;
        }

        return candidate is not null && TryReadRegularFile(fs, imagePath, $"{dir}/{candidate}", MaxReleaseFileSize, out data);
    }

    private static bool IsStrictnessRelaxed(FileSystemNode node)
    {
        // Only directory images expose xattrs here; other readers keep the strict default.
        string? value = node is HostDirectoryNode host ? HostFileSystem.GetExtendedAttribute(host.HostPath, ReleaseFiles.StrictnessAttribute) : null;
        return value is not null && value.Trim() is "0" or "no" or "n" or "false" or "f" or "off";
    }

    private static bool Resolve(IReadOnlyFileSystem fs, string imagePath, string path, out ResolvedPath resolved)
    {
        try
        {
            return ImagePathResolver.TryResolve(fs, path, followFinalSymlink: true, out resolved);
        }
        catch (SymbolicLinkLoopException e)
        {
            throw new ErrnoException(Errno.ELOOP, $"Too many levels of symbolic links while resolving '{path}' in image '{imagePath}'.", e);
        }
    }

    private static bool TryReadRegularFile(IReadOnlyFileSystem fs, string imagePath, string path, int limit, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? data)
    {
        data = null;
        if (!Resolve(fs, imagePath, path, out ResolvedPath resolved) || resolved.Node.Type != FileType.RegularFile)
        {
            return false;
        }

        if (resolved.Node.Size > limit)
        {
            throw TooLarge(imagePath, path, limit);
        }

        using Stream stream = fs.OpenRead(resolved.Node);
        using var collected = new MemoryStream((int)Math.Min(Math.Max(resolved.Node.Size, 0), limit));
        var chunk = new byte[16384];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (collected.Length + read > limit)
            {
                throw TooLarge(imagePath, path, limit);
            }

            collected.Write(chunk, 0, read);
        }

        data = collected.ToArray();
        return true;
    }

    private static ErrnoException TooLarge(string imagePath, string path, int limit) =>
        new(Errno.EFBIG, $"File '{path}' in image '{imagePath}' is larger than {limit} bytes, refusing.");
}
