// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Management;
using Portabled.Core.Management.Btrfs;
using Portabled.Core.Versions;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Images;

/// <summary>
/// Finds images in the search path and makes <see cref="PortableImage"/>s from host paths
/// (upstream's image_find(), image_discover(), image_from_path(), image_make()).
/// Candidates per name: <c>N</c>, then <see cref="UpstreamBehavior.ImageCandidateSuffixes"/>: 252
/// <c>N.raw</c>; 262 also <c>N.v/</c> and <c>N.raw.v/</c> (<see cref="VersionPicker"/>). <c>N.mstack</c>
/// (262's overlay stacks) is not supported and skipped (its names still count for the length check).
/// Symlinks in the search directories are followed (relative to the layout's root). 262 reports
/// the resolved path of such an image, 252 the path of the link.
/// </summary>
internal sealed class ImageDiscovery
{
    /// <summary>Entries looked at per search directory when listing.</summary>
    public const int MaxEntriesPerDirectory = 16384;

    /// <summary>The name of the host's own image, <c>/</c>.</summary>
    public const string HostImageName = ".host";

    private readonly HostLayout _layout;
    private readonly UpstreamBehavior _behavior;

    public ImageDiscovery(HostLayout layout, UpstreamBehavior behavior)
    {
        _layout = layout;
        _behavior = behavior;
    }

    /// <summary>
    /// Looks a valid image name up in the search path; first hit wins. Directories of the search path
    /// that do not exist are skipped; in one that does, a candidate name longer than NAME_MAX that is
    /// reached (nothing found under the shorter ones) fails the lookup, with EINVAL (262) or
    /// ENAMETOOLONG (252), as upstream's (observed for names of 247 and 252 bytes).
    /// </summary>
    public bool TryFind(string name, out PortableImage? image)
    {
        foreach (string dir in _layout.Scope.ImageSearchPath)
        {
            if (!_layout.TryResolve(dir, true, out _, out HostDirectoryNode? dirNode) || dirNode.Type != FileType.Directory)
            {
                continue;
            }

            foreach ((string candidate, CandidateKind kind) in GetCandidates(name))
            {
                if (System.Text.Encoding.UTF8.GetByteCount(candidate) > ImageNames.MaxNameLength)
                {
                    throw new ErrnoException(_behavior.RefusesLongCandidateNames ? Errno.EINVAL : Errno.ENAMETOOLONG);
                }

                if (kind != CandidateKind.Unsupported && TryMakeCandidate(dir, candidate, name, kind, out image))
                {
                    return true;
                }
            }
        }

        image = null;
        return false;
    }

    /// <summary>Every image in the search path, first occurrence of a name wins, sorted by name.</summary>
    public IReadOnlyList<PortableImage> Discover()
    {
        var found = new SortedDictionary<string, PortableImage>(StringComparer.Ordinal);
        var mounts = new ReadOnlyMounts();
        foreach (string dir in _layout.Scope.ImageSearchPath)
        {
            if (!_layout.TryResolve(dir, true, out string canonicalDir, out HostDirectoryNode? dirNode) || dirNode.Type != FileType.Directory)
            {
                continue;
            }

            // A directory that cannot be read is skipped whole, as if it were not there; one we may
            // not read fails the listing.
            var names = new List<string>();
            int r = DirectoryEntries.ListNames(dirNode.HostPath, MaxEntriesPerDirectory, names, out _);
            if (r is -Errno.EACCES or -Errno.EPERM)
            {
                throw new UnauthorizedAccessException($"Access to the path '{dirNode.HostPath}' is denied.");
            }

            if (r < 0)
            {
                continue;
            }

            foreach (string name in names)
            {
                if (TryMakeDiscovered(dir, canonicalDir, dirNode, name, mounts, out PortableImage? image) && !found.ContainsKey(image.Name))
                {
                    found.Add(image.Name, image);
                }
            }
        }

        return [.. found.Values];
    }

    /// <summary>
    /// image_from_path(): the image at an absolute, normalized path (not searched; symlinks followed,
    /// the reported path is the given one without a trailing slash). Throws the errno of the lookup
    /// (ENOENT, ENOTDIR, ELOOP) or BadImageType. <c>/</c> is the host itself (upstream's ".host"):
    /// an image that can be inspected but has no name to extract units by.
    /// </summary>
    public PortableImage FromPath(string path)
    {
        string simplified = ImageNames.Simplify(path);
        if (!_layout.TryResolve(simplified, true, out string canonical, out HostDirectoryNode? node))
        {
            throw new ErrnoException(HostPaths.FailureErrno(_layout, simplified));
        }

        if (simplified == "/")
        {
            return Make(HostImageName, simplified, node);
        }

        string fileName = Path.GetFileName(simplified);
        if (_behavior.PicksVersionedDirectories && node.Type == FileType.Directory && fileName.EndsWith(".v", StringComparison.Ordinal))
        {
            // 262 passes paths through path_pick() for raw and directory images alike; a .v
            // directory without a usable entry is ENOENT (observed), not an image itself.
            if (!VersionPicker.TryPick(_layout, canonical, VersionPicker.GetImageFilters(fileName, anyType: true), out string picked, out HostDirectoryNode? pickedNode))
            {
                throw new ErrnoException(Errno.ENOENT);
            }

            simplified = picked;
            fileName = Path.GetFileName(picked);
            node = pickedNode;
        }

        string name = NameOfType(node, fileName) ?? throw new BadImageTypeException(simplified);
        return ImageNames.IsValid(name) ? Make(name, simplified, node) : throw new ErrnoException(Errno.EINVAL);
    }

    /// <summary>
    /// An extension given by path (image_find_harder() for what is not an image name): relative paths
    /// start at "/", the daemon's working directory, and every failure is a bare errno, as upstream
    /// returns them. 252 takes the path as given: the lookup's errno, EMEDIUMTYPE for a file of the
    /// wrong type, then the image name from the last component (<c>.</c>, <c>..</c> EINVAL, none
    /// EADDRNOTAVAIL). 262 resolves it first (path_pick()): an empty path is the working directory,
    /// a last component <c>..</c> EINVAL, the lookup's errno, the name from the resolved path
    /// (<c>/</c> EADDRNOTAVAIL), ENOENT for what no image can be (a character device), EMEDIUMTYPE
    /// for a regular file without <c>.raw</c>.
    /// </summary>
    public PortableImage ExtensionFromPath(string nameOrPath)
    {
        bool resolve = _behavior.ResolvesExtensionPaths;
        string given = resolve && nameOrPath.Length == 0 ? "." : nameOrPath;
        if (given.Length == 0)
        {
            throw new ErrnoException(Errno.ENOENT);
        }

        string[] components = given.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (resolve && components.Length > 0 && components[^1] == "..")
        {
            throw new ErrnoException(Errno.EINVAL);
        }

        string path = ImageNames.Simplify(given.StartsWith('/') ? given : "/" + given);
        if (System.Text.Encoding.UTF8.GetByteCount(path) > ImageNames.MaxPathLength ||
            components.Any(c => System.Text.Encoding.UTF8.GetByteCount(c) > ImageNames.MaxNameLength))
        {
            throw new ErrnoException(Errno.ENAMETOOLONG);
        }

        if (!_layout.TryResolve(path, true, out string canonical, out HostDirectoryNode? node))
        {
            throw new ErrnoException(HostPaths.FailureErrno(_layout, path));
        }

        string named = resolve ? canonical : given;
        string[] namedParts = named.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? fileName = namedParts.Length == 0 ? null : namedParts[^1];
        if (resolve && fileName is null)
        {
            throw new ErrnoException(Errno.EADDRNOTAVAIL);
        }

        if (resolve && node.Type is not (FileType.Directory or FileType.RegularFile or FileType.BlockDevice))
        {
            throw new ErrnoException(Errno.ENOENT);
        }

        string name = NameOfType(node, fileName ?? string.Empty) ?? throw new ErrnoException(Errno.EMEDIUMTYPE);
        if (fileName is null)
        {
            throw new ErrnoException(Errno.EADDRNOTAVAIL);
        }

        return ImageNames.IsValid(name) ? Make(name, path, node) : throw new ErrnoException(Errno.EINVAL);
    }

    // The image name a file of this type and name has, or null when it is of no image type.
    private static string? NameOfType(HostDirectoryNode node, string fileName) => node.Type switch
    {
        FileType.Directory or FileType.BlockDevice => fileName,
        FileType.RegularFile when fileName.EndsWith(".raw", StringComparison.Ordinal) => fileName[..^4],
        _ => null,
    };

    private enum CandidateKind
    {
        Unsupported,
        DirectoryOrBlock,
        RawFile,
        VersionedDirectory,
        VersionedRaw,
    }

    private IEnumerable<(string Candidate, CandidateKind Kind)> GetCandidates(string name)
    {
        yield return (name, _behavior.TypesNamesBySuffix ? KindOfBareName(name) : CandidateKind.DirectoryOrBlock);
        foreach (string suffix in _behavior.ImageCandidateSuffixes)
        {
            CandidateKind kind = suffix switch
            {
                ".raw" => CandidateKind.RawFile,
                ".v" => CandidateKind.VersionedDirectory,
                ".raw.v" => CandidateKind.VersionedRaw,
                _ => CandidateKind.Unsupported,
            };
            yield return (name + suffix, kind);
        }
    }

    private bool TryMakeDiscovered(string dir, string canonicalDir, HostDirectoryNode dirNode, string fileName, ReadOnlyMounts mounts,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PortableImage? image)
    {
        image = null;
        string linkPath = dir + "/" + fileName;
        if (!_layout.TryResolveEntry(dir, canonicalDir, dirNode, fileName, out string canonical, out HostDirectoryNode? node, out HostFileStatus? status))
        {
            return false;
        }

        string name = fileName;
        switch (node.Type)
        {
            case FileType.Directory when _behavior.PicksVersionedDirectories && fileName.EndsWith(".mstack.v", StringComparison.Ordinal):
                return false;
            case FileType.Directory when _behavior.PicksVersionedDirectories && fileName.EndsWith(".v", StringComparison.Ordinal):
                bool raw = fileName.EndsWith(".raw.v", StringComparison.Ordinal);
                name = fileName[..^(raw ? 6 : 2)];
                if (!VersionPicker.TryPick(_layout, canonical, VersionPicker.GetImageFilters(fileName, anyType: false), out canonical, out node))
                {
                    return false;
                }

                linkPath = canonical;
                status = null;
                break;
            case FileType.Directory when _behavior.PicksVersionedDirectories && fileName.EndsWith(".mstack", StringComparison.Ordinal):
                return false;
            case FileType.Directory or FileType.BlockDevice:
                // A directory called "x.raw" is a directory image called "x.raw" (observed).
                break;
            case FileType.RegularFile when fileName.EndsWith(".raw", StringComparison.Ordinal):
                name = fileName[..^4];
                break;
            default:
                return false;
        }

        if (!ImageNames.IsValid(name))
        {
            return false;
        }

        image = Make(name, _behavior.ReportsCanonicalImagePaths ? canonical : linkPath, node!, status, mounts);
        return true;
    }

    // 262 types the bare name by what it ends in (docs/attach-detach.md, "Finding an image"). A bare
    // name ending in ".v" makes the real 262 abort (its version filter has no suffix left to strip);
    // it finds nothing here (docs/differences.md).
    private static CandidateKind KindOfBareName(string name) =>
        name.EndsWith(".raw", StringComparison.Ordinal) ? CandidateKind.RawFile
        : name.EndsWith(".v", StringComparison.Ordinal) || name.EndsWith(".mstack", StringComparison.Ordinal) ? CandidateKind.Unsupported
        : CandidateKind.DirectoryOrBlock;

    private bool TryMakeCandidate(string dir, string candidate, string name, CandidateKind kind, out PortableImage? image)
    {
        image = null;
        string linkPath = dir + "/" + candidate;
        if (!_layout.TryResolve(linkPath, true, out string canonical, out HostDirectoryNode? node))
        {
            return false;
        }

        switch (kind)
        {
            case CandidateKind.DirectoryOrBlock when node.Type is FileType.Directory or FileType.BlockDevice:
            case CandidateKind.RawFile when node.Type == FileType.RegularFile:
                break;
            case CandidateKind.VersionedDirectory or CandidateKind.VersionedRaw when node.Type == FileType.Directory:
                if (!VersionPicker.TryPick(_layout, canonical, VersionPicker.GetImageFilters(candidate, anyType: false), out canonical, out node))
                {
                    return false;
                }

                linkPath = canonical;
                break;
            default:
                return false;
        }

        image = Make(name, _behavior.ReportsCanonicalImagePaths ? canonical : linkPath, node!);
        return true;
    }

    // KNOWN: the status of NODE's host path when the caller has it already (its lookup's); MOUNTS: the
    // read-only answers of the discovery pass this image is part of.
    private PortableImage Make(string name, string path, HostDirectoryNode node, HostFileStatus? known = null, ReadOnlyMounts? mounts = null)
    {
        HostFileStatus st = known ?? default;
        if (known is null)
        {
            HostFileStatus.TryGet(node.HostPath, out st, out _);
        }

        ulong crtime = st.BirthTimeMicroseconds is long b and > 0 ? (ulong)b : 0;
        bool readOnly = path == "/" || IsVendorPath(path) || (mounts ?? new ReadOnlyMounts()).IsReadOnly(node.HostPath, node.Type, st.MountId) ||
            (_behavior.HiddenImagesAreReadOnly && name.StartsWith('.'));
        switch (node.Type)
        {
            case FileType.Directory when st.InodeNumber == BtrfsIoctl.FirstFreeObjectId && SubvolumeProbe.TryGet(node.HostPath, out BtrfsSubvolumeInfo subvolume, out BtrfsQuotaInfo? quota):
                BtrfsQuotaInfo q = quota ?? new BtrfsQuotaInfo(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);
                return new PortableImage(name, path, PortableImageType.Subvolume, readOnly || subvolume.ReadOnly, subvolume.CreationTime,
                    _behavior.ReportsSubvolumeChangeTime ? subvolume.ChangeTime : 0, q.Referenced, q.ReferencedMax, q.Exclusive, q.ExclusiveMax);
            case FileType.Directory:
                readOnly |= st.Immutable ?? HostFileSystem.IsImmutable(node.HostPath);
                return new PortableImage(name, path, PortableImageType.Directory, readOnly, crtime, 0, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);
            case FileType.RegularFile:
                readOnly |= (st.Permissions & 0x92) == 0;
                ulong mtime = (ulong)Math.Max(0, (st.ModificationTimeSeconds * 1_000_000) + (st.ModificationTimeNanoseconds / 1000));
                ulong usage = (ulong)Math.Max(0, st.Blocks) * 512;
                ulong size = (ulong)Math.Max(0, st.Size);
                return new PortableImage(name, path, PortableImageType.Raw, readOnly, crtime, mtime, usage, size, usage, size);
            default:
                // No write bits, or the kernel's read-only flag (BLKROGET; MarkReadOnly sets it).
                readOnly |= (st.Permissions & 0x92) == 0 || SubvolumeProbe.IsBlockDeviceReadOnly(node.HostPath);
                ulong device = GetBlockDeviceSize(node.DeviceMajor, node.DeviceMinor);
                // Upstream reports no creation time for devices.
                return new PortableImage(name, path, PortableImageType.Block, readOnly, 0, 0, device, device, device, device);
        }
    }

    private static bool IsVendorPath(string path) => path == "/usr" || path.StartsWith("/usr/", StringComparison.Ordinal);

    private static ulong GetBlockDeviceSize(uint major, uint minor)
    {
        try
        {
            string text = File.ReadAllText($"/sys/dev/block/{major}:{minor}/size").Trim();
            // An empty device (a detached loop device) has no usage either, as upstream reports it.
            return ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong sectors) && sectors > 0
                ? sectors * 512
                : ulong.MaxValue;
        }
        catch (IOException)
        {
            return ulong.MaxValue;
        }
        catch (UnauthorizedAccessException)
        {
            return ulong.MaxValue;
        }
    }
}
