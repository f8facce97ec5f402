// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Images;
using Portabled.Core.Metadata;
using Portabled.Core.Opening;
using Portabled.Core.Versions;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Metadata;

namespace Portabled.Core;

public sealed partial class PortableManager
{
    /// <summary>
    /// The image's os-release as key/value pairs in file order (<c>GetImageOSRelease</c>); empty when
    /// it has none. Read under the image's shared lock (<see cref="ImageLock"/>); every failure is
    /// upstream's <c>Failed to read image metadata: %m</c>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> GetOSRelease(string nameOrPath)
    {
        PortableImage image = AcquireImage(nameOrPath);
        byte[]? data;
        try
        {
            // image_read_metadata() holds the image's shared lock while it reads.
            using ImageLock imageLock = ImageLock.AcquireShared(_layout, image.Path);
            using OpenedImage opened = _opener.Open(image);
            data = ImageExtractor.TryReadOsRelease(opened.FileSystem, image.Path);
        }
        catch (ErrnoException e)
        {
            throw ImageErrorMap.TranslateMetadata(e);
        }
        catch (Exception e) when (ImageErrorMap.IsImageFailure(e))
        {
            throw ImageErrorMap.TranslateMetadata(e);
        }

        try
        {
            return data is null ? [] : EnvFile.Parse(data, "os-release", _behavior.EnvFileRules);
        }
        catch (EnvFileException e)
        {
            // Upstream logs the parse error and answers an empty dictionary (252 and 262, observed).
            Log.OsReleaseIgnored(_logger, image.Path, e.Message);
            return [];
        }
    }

    // Opens an image, runs read on it and closes it; what the readers throw meanwhile becomes
    // upstream's error for that image (ImageErrorMap), wherever in the reading it happens.
    private T ReadImage<T>(PortableImage image, Func<OpenedImage, T> read)
    {
        try
        {
            using OpenedImage opened = _opener.Open(image);
            return read(opened);
        }
        catch (Exception e) when (ImageErrorMap.IsImageFailure(e))
        {
            throw ImageErrorMap.Translate(image.Path, e);
        }
    }

    /// <summary>
    /// <c>GetImageMetadata*</c> (docs/portable1-api.md, "Reply shapes"): os-release bytes, extension-release bytes and the unit
    /// files matching <paramref name="matches"/> (all when empty), sorted by name.
    /// </summary>
    public ImageMetadata GetMetadata(string nameOrPath, IReadOnlyList<string> extensions, IReadOnlyList<string> matches, ulong flags)
    {
        ValidateFlags(flags, (ulong)PortableFlags.PublicMask);
        PortableImage image = AcquireImage(nameOrPath);
        List<PortableImage> extensionImages = [.. extensions.Select(AcquireExtension)];
        PortableImage extracted = ForExtraction(image);
        Extraction extraction = Extract(extracted, extensionImages, matches, ((PortableFlags)flags).HasFlag(PortableFlags.ForceExtension));
        if (extraction.Units.Count == 0)
        {
            throw new NoMatchingUnitFilesException(_behavior, DescribeImages(extracted, extensionImages));
        }

        if (extraction.Units.Exists(u => u.IsDirectory))
        {
            // 252 read every unit it had opened: a link to a directory fails the whole call (observed).
            throw new ErrnoException(Errno.EISDIR);
        }

        return new ImageMetadata(
            image.Path,
            extraction.OsRelease,
            [.. extraction.ExtensionReleases.Select((release, i) => new ExtensionMetadata(
                extensionImages[i].Type is PortableImageType.Raw or PortableImageType.Block ? extensionImages[i].Path : string.Empty, release))],
            [.. extraction.Units.OrderBy(u => u.Name, StringComparer.Ordinal).Select(u => new UnitFileMetadata(u.Name, u.Contents))]);
    }

    // "'<root>' or any of its extensions '<e1>, <e2>'" without the outer quotes, as upstream's messages embed it.
    private static string DescribeImages(PortableImage root, IReadOnlyList<PortableImage> extensions) =>
        extensions.Count == 0 ? root.Path : $"{root.Path}' or any of its extensions '{string.Join(", ", extensions.Select(e => e.Path))}";

    // Attach refuses a release file upstream cannot parse with the bare errno: "Invalid argument" for
    // invalid UTF-8, "Bad message" for a NUL byte (252 and 262, observed).
    private IReadOnlyList<KeyValuePair<string, string>> ParseRelease(byte[] data, string fileName)
    {
        try
        {
            return EnvFile.Parse(data, fileName, _behavior.EnvFileRules);
        }
        catch (EnvFileException e)
        {
            throw new ErrnoException(e.Error == EnvFileError.EmbeddedNul ? Errno.EBADMSG : Errno.EINVAL, null, e);
        }
    }

    // portable_extract(): the root's os-release and units, then each extension's release and units
    // (a unit name already taken by an earlier image is kept from there). With validate (attach), the
    // root's ID and PORTABLE_SCOPE are checked before the extensions are read, each extension is checked
    // against the root, and the PORTABLE_PREFIXES of all of them are collected (docs/attach-detach.md, "Validation").
    private Extraction Extract(PortableImage root, IReadOnlyList<PortableImage> extensions, IReadOnlyList<string> matches, bool relaxExtensions, bool validate = false)
    {
        RequireFileName(root);
        var units = new List<ExtractedUnit>();
        (byte[] osRelease, string? rootPolicy) = ReadImage(root, opened =>
        {
            byte[] release = ReadRootOsRelease(opened, root);
            units.AddRange(ImageExtractor.ScanUnits(opened.FileSystem, root.Path, matches, 0, HasHostPaths(root), _behavior, _logger, _layout.UsesSelinux,
                _layout.Scope.ImageUnitSearchPath));
            return (release, opened.Policy?.ToString());
        });

        var prefixes = new SortedSet<string>(StringComparer.Ordinal);
        IReadOnlyList<KeyValuePair<string, string>> rootRelease = validate ? ParseRelease(osRelease, "os-release") : [];
        if (validate)
        {
            ReleaseValidator.ValidateRoot(rootRelease, root.Path, _behavior, _layout.Scope);
            prefixes.UnionWith(ReleaseValidator.Words(rootRelease, "PORTABLE_PREFIXES"));
        }

        var releases = new List<byte[]>();
        var parsedReleases = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        var extensionPolicies = new List<ImagePolicy>();
        for (int i = 0; i < extensions.Count; i++)
        {
            PortableImage extension = extensions[i];
            RequireFileName(extension);
            if (extensions.Take(i).Any(e => string.Equals(e.Name, extension.Name, StringComparison.Ordinal)))
            {
                // Two extensions of one name (the same one twice, or a thousand times, or two
                // directories called app0): upstream's map of extensions by name refuses it (observed).
                throw new ErrnoException(Errno.EEXIST);
            }

            int index = i + 1;
            (byte[] release, bool isConfext, List<ExtractedUnit> extensionUnits) = ReadImage(extension, opened =>
            {
                if (opened.Policy is not null)
                {
                    extensionPolicies.Add(opened.Policy);
                }

                (byte[] data, bool confext) = ReadExtensionRelease(opened, extension, relaxExtensions);
                return (data, confext, ImageExtractor.ScanUnits(opened.FileSystem, extension.Path, matches, index, HasHostPaths(extension), _behavior, _logger,
                    _layout.UsesSelinux, _layout.Scope.ImageUnitSearchPath));
            });
            releases.Add(release);
            if (validate)
            {
                var parsed = ParseRelease(release, "extension-release");
                if (!ReleaseValidator.ExtensionMatches(rootRelease, parsed, _behavior, isConfext))
                {
                    throw new ErrnoException(Errno.ESTALE, $"Image {extension.Path} extension-release metadata does not match the root's");
                }

                prefixes.UnionWith(ReleaseValidator.Words(parsed, "PORTABLE_PREFIXES"));
                parsedReleases.Add(parsed);
            }

            foreach (ExtractedUnit unit in extensionUnits)
            {
                if (!units.Exists(u => string.Equals(u.Name, unit.Name, StringComparison.Ordinal)))
                {
                    units.Add(unit);
                }
            }
        }

        Log.UnitsExtracted(_logger, units.Count, root.Path);
        return new Extraction(osRelease, releases, units, rootRelease, parsedReleases, [.. prefixes])
        {
            RootPolicy = rootPolicy,
            ExtensionPolicy = ImagePolicy.Union(extensionPolicies)?.ToString(),
        };
    }

    // A raw image without os-release: 262's extraction child reports ENOMEDIUM ("No medium found"),
    // 252 says "lacks os-release data" (observed). 252 did not see inside usr-only images (observed:
    // "lacks os-release data" where 262 reads /usr/lib/os-release).
    private byte[] ReadRootOsRelease(OpenedImage opened, PortableImage root)
    {
        byte[]? data = !_behavior.ReadsUsrOnlyOsRelease && opened.IsUsrOnly ? null : ImageExtractor.TryReadOsRelease(opened.FileSystem, root.Path);
        if (data is not null)
        {
            return data;
        }

        if (_behavior.MissingRawReleaseIsNoMedium && !HasHostPaths(root))
        {
            throw new ErrnoException(Errno.ENOMEDIUM);
        }

        throw new InvalidArgumentsException($"Image '{root.Path}' lacks os-release data, refusing.");
    }

    // Only raw extensions honour FORCE_EXTENSION while extracting; directories stay strict (both
    // versions). Without a usable release file 262 fails a raw extension with ENOMEDIUM and a
    // directory with ENOENT, and reports two candidates as ENOTUNIQ; 252 says "lacks extension-release
    // data" for all three (observed).
    private (byte[] Data, bool IsConfext) ReadExtensionRelease(OpenedImage opened, PortableImage extension, bool relaxExtensions)
    {
        bool relax = relaxExtensions && !HasHostPaths(extension);
        string releaseName = _behavior.ExtensionReleaseNamedAfterFile ? MarkerMatcher.ExtractImageName(extension.Path) ?? extension.Name : extension.Name;
        (byte[] Data, bool IsConfext)? found;
        try
        {
            found = ImageExtractor.TryReadExtensionRelease(opened.FileSystem, extension.Path, releaseName, relax, _behavior);
        }
        catch (ErrnoException e) when (e.Errno == Errno.ENOTUNIQ && !_behavior.ReportsAmbiguousExtensionRelease)
        {
            found = null;
        }

        if (found is { } release)
        {
            return release;
        }

        if (_behavior.MissingRawReleaseIsNoMedium && !HasHostPaths(extension))
        {
            throw new ErrnoException(Errno.ENOMEDIUM);
        }

        if (_behavior.ResolvesExtensionPaths)
        {
            // 262 opens the release file of a directory extension by its exact name: ENOENT (observed).
            throw new ErrnoException(Errno.ENOENT);
        }

        throw new InvalidArgumentsException($"Image '{extension.Path}' lacks extension-release data, refusing.");
    }

    // The host itself ("/") can be inspected but not extracted from: it has no file name to name
    // its units and release files by (EADDRNOTAVAIL, observed as root and as extension).
    private static void RequireFileName(PortableImage image)
    {
        if (ImageNames.TryExtractFileName(image.Path, out _, out _) == Errno.EADDRNOTAVAIL)
        {
            throw new ErrnoException(Errno.EADDRNOTAVAIL);
        }
    }

    private static bool HasHostPaths(PortableImage image) => image.Type is PortableImageType.Directory or PortableImageType.Subvolume;

    private sealed record Extraction(
        byte[] OsRelease,
        IReadOnlyList<byte[]> ExtensionReleases,
        List<ExtractedUnit> Units,
        IReadOnlyList<KeyValuePair<string, string>> RootRelease,
        IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> ParsedExtensionReleases,
        IReadOnlyList<string> ValidPrefixes)
    {
        /// <summary>The root's pinned policy string (raw and block roots).</summary>
        public string? RootPolicy { get; init; }

        /// <summary>The union of the raw extensions' pinned policies.</summary>
        public string? ExtensionPolicy { get; init; }
    }
}
