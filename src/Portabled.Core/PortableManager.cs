// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using Microsoft.Extensions.Logging;
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Images;
using Portabled.Core.Management;
using Portabled.Core.Opening;
using Portabled.Core.Profiles;
using Portabled.Core.State;
using Portabled.Core.Versions;

namespace Portabled.Core;

/// <summary>
/// The portable service manager: image discovery, metadata, state, attach, detach and reattach,
/// as <c>org.freedesktop.portable1</c> offers them. Every error the API returns comes out as a
/// <see cref="PortableException"/> with upstream's error name and message. Methods are called from
/// worker threads; attach, detach and reattach are serialised.
/// </summary>
public sealed partial class PortableManager
{
    private readonly HostLayout _layout;
    private readonly IUnitManager _units;
    private readonly UpstreamBehavior _behavior;
    private readonly ILogger<PortableManager> _logger;
    private readonly IImageOpener _opener;
    private readonly ImageDiscovery _discovery;
    private readonly ProfileSearch _profiles;
    private readonly ImageManagement _management;
    private readonly Lock _changeLock = new();

    /// <summary>Creates the manager with the default <see cref="ImageOpener"/> (directory, raw and block images).</summary>
    public PortableManager(HostLayout layout, IUnitManager units, UpstreamVersion version, ILogger<PortableManager> logger)
        : this(layout, units, version, logger, new ImageOpener(layout, UpstreamBehavior.For(version)))
    {
    }

    /// <summary>Creates the manager with an <see cref="IImageOpener"/> of the host's choice (tests, other image sources).</summary>
    public PortableManager(HostLayout layout, IUnitManager units, UpstreamVersion version, ILogger<PortableManager> logger, IImageOpener opener)
    {
        _layout = layout;
        _units = units;
        _behavior = UpstreamBehavior.For(version);
        _logger = logger;
        _opener = opener;
        _discovery = new ImageDiscovery(layout, _behavior);
        _profiles = new ProfileSearch(layout, _behavior);
        _management = new ImageManagement(layout, _behavior);
    }

    /// <summary>The image pool directory, <c>/var/lib/portables</c>.</summary>
    public string PoolPath => _layout.PoolPath;

    /// <summary>Bytes referenced by the pool (its btrfs subtree qgroup); <see cref="ulong.MaxValue"/> off btrfs or without quotas.</summary>
    public ulong PoolUsage => _management.GetPoolQuota().Referenced;

    /// <summary>The pool's referenced-bytes limit (its btrfs subtree qgroup); <see cref="ulong.MaxValue"/> when none is known.</summary>
    public ulong PoolLimit => _management.GetPoolQuota().ReferencedMax;

    /// <summary>The release being reproduced.</summary>
    public UpstreamVersion Version => _behavior.Version;

    /// <summary>The behaviours of that release.</summary>
    public UpstreamBehavior Behavior => _behavior;

    /// <summary>The host layout.</summary>
    public HostLayout Layout => _layout;

    /// <summary>The profile names (<c>Profiles</c> property): directories in the profile search path, sorted.</summary>
    public IReadOnlyList<string> GetProfiles() => _profiles.List();

    /// <summary>Every discoverable image with its state, sorted by name (<c>ListImages</c>).</summary>
    public IReadOnlyList<ImageListEntry> ListImages()
    {
        var result = new List<ImageListEntry>();
        var attached = new AttachedUnitsSnapshot(_layout);
        Func<string, string> imageNames = MarkerImageNames();
        foreach (PortableImage image in _discovery.Discover())
        {
            string? state;
            try
            {
                state = PortableStates.ToWire(ComputeState(image.Path, [], attached, imageNames));
            }
            catch (Exception e) when (e is PortableException or IOException or UnauthorizedAccessException)
            {
                Log.StateFailed(_logger, image.Name, e.Message);
                state = null;
            }

            result.Add(new ImageListEntry(image, state));
        }

        return result;
    }

    /// <summary>An image by name only (<c>GetImage</c>, image objects).</summary>
    public PortableImage GetImage(string name)
    {
        if (!ImageNames.IsValid(name))
        {
            throw new InvalidArgumentsException($"Expected image name, not path in place of '{name}'.");
        }

        if (!_discovery.TryFind(name, out PortableImage? image))
        {
            throw new NoSuchImageException(name);
        }

        Log.ImageFound(_logger, name, image!.Path);
        return image;
    }

    /// <summary>
    /// An image by name (searched) or by absolute, normalized path (bus_image_acquire(); docs/attach-detach.md, "Resolving an image").
    /// </summary>
    public PortableImage AcquireImage(string nameOrPath)
    {
        if (ImageNames.IsValid(nameOrPath))
        {
            if (!_discovery.TryFind(nameOrPath, out PortableImage? image))
            {
                throw new NoSuchImageException(nameOrPath);
            }

            Log.ImageFound(_logger, nameOrPath, image!.Path);
            return image;
        }

        if (!nameOrPath.StartsWith('/'))
        {
            throw new InvalidArgumentsException($"Image name '{nameOrPath}' is not valid or not a valid path.");
        }

        if (!ImageNames.IsNormalizedPath(nameOrPath))
        {
            throw new InvalidArgumentsException($"Image path '{nameOrPath}' is not normalized.");
        }

        return _discovery.FromPath(nameOrPath);
    }

    /// <summary>
    /// The image of an image management call (<c>RemoveImage</c>, <c>MarkImageReadOnly</c>,
    /// <c>SetImageLimit</c>, the Image object's <c>Remove</c>, <c>MarkReadOnly</c>, <c>SetLimit</c>):
    /// acquired like any image; the host (<c>/</c>) and vendor images (below <c>/usr</c>) are EROFS,
    /// which upstream answers before it changes anything (observed for <c>/</c>).
    /// </summary>
    public PortableImage AcquireManagedImage(string nameOrPath)
    {
        PortableImage image = AcquireImage(nameOrPath);
        bool hostOrVendor = image.Path is "/" or "/usr" || image.Path.StartsWith("/usr/", StringComparison.Ordinal);
        return hostOrVendor ? throw new ErrnoException(Errno.EROFS) : image;
    }

    /// <summary>
    /// A quota limit must be a valid file size (below 2^63) or <see cref="ulong.MaxValue"/> for none
    /// (FILE_SIZE_VALID_OR_INFINITY): else InvalidArgs <c>New limit out of range</c>.
    /// </summary>
    public static void ValidateLimit(ulong limit)
    {
        if (limit >= 1UL << 63 && limit != ulong.MaxValue)
        {
            throw new InvalidArgumentsException("New limit out of range");
        }
    }

    // The image as extraction sees it: 262 resolves the path first (symlinks followed on the host).
    private PortableImage ForExtraction(PortableImage image) =>
        _behavior.ExtractsFromResolvedPaths && _layout.TryResolve(image.Path, true, out string canonical, out _) &&
        !string.Equals(canonical, image.Path, StringComparison.Ordinal)
            ? image with { Path = canonical }
            : image;

    private static void ValidateFlags(ulong flags, ulong allowed)
    {
        if ((flags & ~allowed) != 0)
        {
            throw new InvalidArgumentsException($"Invalid 'flags' parameter '{flags.ToString(CultureInfo.InvariantCulture)}'");
        }
    }

    // Extensions are looked up like upstream's image_find_harder(): a name in the search path, else a path.
    private PortableImage AcquireExtension(string nameOrPath)
    {
        if (ImageNames.IsValid(nameOrPath))
        {
            return _discovery.TryFind(nameOrPath, out PortableImage? image) ? image! : throw new ErrnoException(Errno.ENOENT);
        }

        return _discovery.ExtensionFromPath(nameOrPath);
    }
}
