// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Microsoft.Extensions.Logging;
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Versions;
using Portabled.Dissect;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Metadata;

namespace Portabled.Core.Metadata;

/// <summary>
/// Reads what portabled needs from inside an image (docs/attach-detach.md, "Extraction"): the os-release or extension-release file
/// and the unit files. Every path is resolved inside the image by <see cref="ImagePathResolver"/>
/// (absolute symlinks are image-relative, <c>..</c> stops at the image root), and every read is bounded.
/// A symlink loop never fails the image: like a missing file, it makes a unit skipped and a release
/// file absent, as upstream.
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

    /// <summary>The xattr whose value false lets an <c>extension-release.*</c> file of another name stand for the image's.</summary>
    public const string StrictXattr = ReleaseFiles.StrictnessAttribute;

    /// <summary>The xattr holding a file's SELinux label.</summary>
    public const string SelinuxXattr = "security.selinux";

    // parse_boolean()'s words for false; compared ignoring case, as systemd does.
    private static readonly string[] s_falseWords = ["0", "no", "n", "false", "f", "off"];

    /// <summary>The root image's os-release bytes, or the "lacks os-release data" error.</summary>
    public static byte[] ReadOsRelease(IReadOnlyFileSystem fs, string imagePath) =>
        TryReadOsRelease(fs, imagePath) ?? throw new InvalidArgumentsException($"Image '{imagePath}' lacks os-release data, refusing.");

    /// <summary>The os-release bytes (<c>/etc/os-release</c>, then <c>/usr/lib/os-release</c>), or null.</summary>
    public static byte[]? TryReadOsRelease(IReadOnlyFileSystem fs, string imagePath)
    {
        foreach (string path in ReleaseFiles.OsReleasePaths)
        {
            try
            {
                if (TryReadRegularFile(fs, imagePath, path, MaxReleaseFileSize, out byte[]? data))
                {
                    return data;
                }
            }
            catch (SymbolicLinkLoopException)
            {
                // Only a missing file moves on to the next place; a loop ends the lookup (observed: "lacks os-release data").
                return null;
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
            try
            {
                if (TryReadRegularFile(fs, imagePath, ReleaseFiles.ExtensionReleasePath(dir, extensionName), MaxReleaseFileSize, out byte[]? exact))
                {
                    return (exact, dir.StartsWith("/etc/", StringComparison.Ordinal));
                }
            }
            catch (SymbolicLinkLoopException e)
            {
                return behavior.FailsOnLoopingExtensionRelease ? throw new ErrnoException(Errno.ELOOP, null, e) : null;
            }
        }

        foreach (string dir in dirs)
        {
            if (TryFindRelaxedRelease(fs, imagePath, dir, relax, behavior.ReadsStrictXattrAsCString, out byte[]? found))
            {
                return (found, dir.StartsWith("/etc/", StringComparison.Ordinal));
            }
        }

        return null;
    }

    /// <summary>
    /// The unit files matching <paramref name="matches"/> in the unit search path inside the image,
    /// first occurrence of a name winning. As upstream, only regular files and symlinks are looked at,
    /// and a unit that cannot be opened — a dangling link, a loop or a chain longer than
    /// <see cref="UpstreamBehavior.UnitLinkHops"/>, not a regular file — is skipped (logged at debug),
    /// as is a unit directory that cannot be opened; empty files are skipped too. A link is resolved
    /// from its unit directory, so a symlinked directory costs no hop. 252 specifics: a unit that is an
    /// absolute symlink is skipped (<see cref="UpstreamBehavior.SkipsAbsoluteUnitLinks"/>: 252 opened
    /// unit files through the host's view, so such links — nixpkgs images point into /nix/store —
    /// found nothing; we never read the host, we only reproduce the outcome), and a link to a directory
    /// is kept as <see cref="ExtractedUnit.IsDirectory"/> in a directory image and ends the scan of a
    /// raw one (<see cref="UpstreamBehavior.KeepsUnitLinksToDirectories"/>). With
    /// <paramref name="readSelinuxLabels"/> each unit carries the SELinux label of the file it was
    /// read from (after symlinks), which the copy made on the host gets. <paramref name="unitDirectories"/>
    /// are the scope's (docs/user-scope.md, "Units inside the image"); default: the system manager's.
    /// </summary>
    public static List<ExtractedUnit> ScanUnits(IReadOnlyFileSystem fs, string imagePath, IReadOnlyList<string> matches, int imageIndex, bool hasHostPaths,
        UpstreamBehavior behavior, ILogger logger, bool readSelinuxLabels = false, IReadOnlyList<string>? unitDirectories = null)
    {
        var units = new List<ExtractedUnit>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string dir in unitDirectories ?? UnitSearchPath.System)
        {
            if (!TryResolveUnitDirectory(fs, imagePath, dir, logger, out ResolvedPath resolvedDir))
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
                    entry.Node.Type is not (FileType.RegularFile or FileType.SymbolicLink))
                {
                    continue;
                }

                if (behavior.SkipsAbsoluteUnitLinks && entry.Node.Type == FileType.SymbolicLink && fs.ReadSymbolicLink(entry.Node).StartsWith('/'))
                {
                    Log.UnitSkipped(logger, name, imagePath + dir, "absolute symlink, 252 resolved it on the host");
                    continue;
                }

                string path = resolvedDir.CanonicalPath == "/" ? "/" + name : $"{resolvedDir.CanonicalPath}/{name}";
                UnitLookup lookup = LookUpUnit(fs, path, behavior.UnitLinkHops, out FileSystemNode? node);
                if (lookup == UnitLookup.Directory && behavior.KeepsUnitLinksToDirectories)
                {
                    if (!hasHostPaths)
                    {
                        // 252's extraction child could not pass a directory on: what it sent before counts, nothing after.
                        Log.UnitSkipped(logger, name, imagePath + dir, "a link to a directory, which ends the extraction of a raw image");
                        return units;
                    }

                    AddUnit(units, seen, new ExtractedUnit(name, [], imageIndex, $"{imagePath}{dir}/{name}") { IsDirectory = true }, imagePath);
                    continue;
                }

                if (lookup != UnitLookup.RegularFile)
                {
                    Log.UnitSkipped(logger, name, imagePath + dir, Describe(lookup));
                    continue;
                }

                byte[] contents = ReadFile(fs, node!, imagePath, $"{dir}/{name}", MaxUnitFileSize);
                if (contents.Length == 0)
                {
                    continue;
                }

                AddUnit(units, seen, new ExtractedUnit(name, contents, imageIndex, hasHostPaths ? $"{imagePath}{dir}/{name}" : null)
                {
                    SelinuxLabel = readSelinuxLabels ? ReadSelinuxLabel(fs, node!) : null,
                }, imagePath);
            }
        }

        return units;
    }

    private static void AddUnit(List<ExtractedUnit> units, HashSet<string> seen, ExtractedUnit unit, string imagePath)
    {
        if (units.Count >= MaxUnits)
        {
            throw new ErrnoException(Errno.EFBIG, $"Image '{imagePath}' has more than {MaxUnits} matching unit files, refusing.");
        }

        seen.Add(unit.Name);
        units.Add(unit);
    }

    private static bool TryResolveUnitDirectory(IReadOnlyFileSystem fs, string imagePath, string dir, ILogger logger, out ResolvedPath resolved)
    {
        try
        {
            return ImagePathResolver.TryResolve(fs, dir, followFinalSymlink: true, out resolved) && resolved.Node.Type == FileType.Directory;
        }
        catch (SymbolicLinkLoopException)
        {
            Log.UnitDirectorySkipped(logger, imagePath + dir, Describe(UnitLookup.Loop));
            resolved = default;
            return false;
        }
    }

    private static UnitLookup LookUpUnit(IReadOnlyFileSystem fs, string path, int maxHops, out FileSystemNode? node)
    {
        node = null;
        try
        {
            if (!ImagePathResolver.TryResolve(fs, path, followFinalSymlink: true, maxHops, out ResolvedPath resolved))
            {
                return UnitLookup.Missing;
            }

            node = resolved.Node;
            return node.Type switch
            {
                FileType.RegularFile => UnitLookup.RegularFile,
                FileType.Directory => UnitLookup.Directory,
                _ => UnitLookup.OtherType,
            };
        }
        catch (SymbolicLinkLoopException)
        {
            return UnitLookup.Loop;
        }
    }

    private static string Describe(UnitLookup lookup) => lookup switch
    {
        UnitLookup.Missing => Errno.ToMessage(Errno.ENOENT),
        UnitLookup.Loop => Errno.ToMessage(Errno.ELOOP),
        UnitLookup.Directory => Errno.ToMessage(Errno.EISDIR),
        _ => "not a regular file",
    };

    private static bool TryFindRelaxedRelease(IReadOnlyFileSystem fs, string imagePath, string dir, bool relax, bool strictAsCString,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? data)
    {
        data = null;
        try
        {
            if (!Resolve(fs, dir, out ResolvedPath resolvedDir) || resolvedDir.Node.Type != FileType.Directory)
            {
                return false;
            }

            return TryFindRelaxedRelease(fs, imagePath, dir, resolvedDir, relax, strictAsCString, out data);
        }
        catch (SymbolicLinkLoopException)
        {
            return false;
        }
    }

    private static bool TryFindRelaxedRelease(IReadOnlyFileSystem fs, string imagePath, string dir, ResolvedPath resolvedDir, bool relax, bool strictAsCString,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? data)
    {
        data = null;

        string? candidate = null;
        int entries = 0;
        foreach (DirectoryEntry entry in fs.EnumerateDirectory(resolvedDir.Node))
        {
            if (++entries > MaxEntriesPerUnitDirectory)
            {
                break;
            }

            if (!entry.Name.StartsWith(ReleaseFiles.ExtensionReleasePrefix, StringComparison.Ordinal) || entry.Node.Type != FileType.RegularFile ||
                (!relax && !IsStrictnessRelaxed(fs, entry.Node, strictAsCString)))
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

    /// <summary>
    /// Whether a <c>user.extension-release.strict</c> value says false: one of parse_boolean()'s
    /// words for false, in any case, with nothing around it. <paramref name="asCString"/> (252) reads
    /// the value up to its first NUL; otherwise (262) one trailing NUL is dropped and any other NUL
    /// makes it no boolean (both observed).
    /// </summary>
    public static bool IsFalse(ReadOnlySpan<byte> value, bool asCString)
    {
        int nul = value.IndexOf((byte)0);
        if (asCString && nul >= 0)
        {
            value = value[..nul];
        }
        else if (nul >= 0)
        {
            if (nul != value.Length - 1)
            {
                return false;
            }

            value = value[..nul];
        }

        string text = Encoding.UTF8.GetString(value);
        return s_falseWords.Any(word => string.Equals(word, text, StringComparison.OrdinalIgnoreCase));
    }

    // The same for every image type: the reader answers for its own format (directories ask the host).
    // Upstream skips a file whose attribute is missing, unparsable or unreadable ("…, ignoring").
    private static bool IsStrictnessRelaxed(IReadOnlyFileSystem fs, FileSystemNode node, bool asCString)
    {
        try
        {
            return fs.TryGetExtendedAttribute(node, StrictXattr, out byte[]? value) && IsFalse(value, asCString);
        }
        catch (Exception e) when (e is IOException or UnsupportedImageException)
        {
            return false;
        }
    }

    // extract_now(): fgetfilecon_raw() of the opened unit file, i.e. the attribute up to its NUL; an
    // empty label counts as none, and a label that cannot be read is ignored upstream.
    private static string? ReadSelinuxLabel(IReadOnlyFileSystem fs, FileSystemNode file)
    {
        try
        {
            if (!fs.TryGetExtendedAttribute(file, SelinuxXattr, out byte[]? value))
            {
                return null;
            }

            int end = Array.IndexOf(value, (byte)0);
            string label = Encoding.UTF8.GetString(value, 0, end < 0 ? value.Length : end);
            return label.Length == 0 ? null : label;
        }
        catch (Exception e) when (e is IOException or UnsupportedImageException)
        {
            return null;
        }
    }

    private static bool Resolve(IReadOnlyFileSystem fs, string path, out ResolvedPath resolved) =>
        ImagePathResolver.TryResolve(fs, path, followFinalSymlink: true, out resolved);

    private static bool TryReadRegularFile(IReadOnlyFileSystem fs, string imagePath, string path, int limit, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? data)
    {
        data = null;
        if (!Resolve(fs, path, out ResolvedPath resolved) || resolved.Node.Type != FileType.RegularFile)
        {
            return false;
        }

        data = ReadFile(fs, resolved.Node, imagePath, path, limit);
        return true;
    }

    private static byte[] ReadFile(IReadOnlyFileSystem fs, FileSystemNode node, string imagePath, string path, int limit)
    {
        if (node.Size > limit)
        {
            throw TooLarge(imagePath, path, limit);
        }

        using Stream stream = fs.OpenRead(node);
        using var collected = new MemoryStream((int)Math.Min(Math.Max(node.Size, 0), limit));
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

        return collected.ToArray();
    }

    private static ErrnoException TooLarge(string imagePath, string path, int limit) =>
        new(Errno.EFBIG, $"File '{path}' in image '{imagePath}' is larger than {limit} bytes, refusing.");
}
