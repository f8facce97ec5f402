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
/// Candidates per name: 252 <c>N</c>, <c>N.raw</c>; 262 also <c>N.v/</c> and <c>N.raw.v/</c>
/// (<see cref="VersionPicker"/>). <c>N.mstack</c> (262's overlay stacks) is not supported and skipped.
/// Symlinks in the search directories are followed (relative to the layout's root). 262 reports
/// the resolved path of such an image, 252 the path of the link.
/// </summary>
internal sealed class ImageDiscovery
{
    /// <summary>Entries looked at per search directory when listing.</summary>
    public const int MaxEntriesPerDirectory = 16384;

    private readonly HostLayout _layout;
    private readonly UpstreamBehavior _behavior;

    public ImageDiscovery(HostLayout layout, UpstreamBehavior behavior)
    {
        _layout = layout;
        _behavior = behavior;
    }

    /// <summary>Looks a valid image name up in the search path; first hit wins.</summary>
    public bool TryFind(string name, out PortableImage? image)
    {
        foreach (string dir in HostLayout.ImageSearchPath)
        {
            foreach ((string candidate, CandidateKind kind) in GetCandidates(name))
            {
                if (TryMakeCandidate(dir, candidate, name, kind, out image))
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
        foreach (string dir in HostLayout.ImageSearchPath)
        {
            if (!_layout.TryResolve(dir, true, out _, out HostDirectoryNode? dirNode) || dirNode.Type != FileType.Directory)
            {
                continue;
            }

            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(dirNode.HostPath).Take(MaxEntriesPerDirectory).ToList();
            }
            catch (IOException)
            {
                continue;
            }

            foreach (string entry in entries)
            {
                if (TryMakeDiscovered(dir, Path.GetFileName(entry), out PortableImage? image) && !found.ContainsKey(image.Name))
                {
                    found.Add(image.Name, image);
                }
            }
        }

        return [.. found.Values];
    }

    /// <summary>
    /// image_from_path(): the image at an absolute, normalized path (not searched; symlinks followed,
    /// the reported path is the given one without a trailing slash). Throws ENOENT or BadImageType.
    /// </summary>
    public PortableImage FromPath(string path)
    {
        string simplified = ImageNames.Simplify(path);
        if (!_layout.TryResolve(simplified, true, out string canonical, out HostDirectoryNode? node))
        {
            throw new ErrnoException(Errno.ENOENT);
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

        string name;
        switch (node.Type)
        {
            case FileType.Directory:
            case FileType.BlockDevice:
                name = fileName;
                break;
            case FileType.RegularFile when fileName.EndsWith(".raw", StringComparison.Ordinal):
                name = fileName[..^4];
                break;
            default:
                throw new BadImageTypeException(simplified);
        }

        if (!ImageNames.IsValid(name))
        {
            throw new ErrnoException(Errno.EINVAL);
        }

        return Make(name, simplified, node);
    }

    private enum CandidateKind
    {
        DirectoryOrBlock,
        RawFile,
        VersionedDirectory,
        VersionedRaw,
    }

    private IEnumerable<(string Candidate, CandidateKind Kind)> GetCandidates(string name)
    {
        yield return (name, CandidateKind.DirectoryOrBlock);
        yield return (name + ".raw", CandidateKind.RawFile);
        if (_behavior.PicksVersionedDirectories)
        {
            yield return (name + ".v", CandidateKind.VersionedDirectory);
            yield return (name + ".raw.v", CandidateKind.VersionedRaw);
        }
    }

    private bool TryMakeDiscovered(string dir, string fileName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PortableImage? image)
    {
        image = null;
        string linkPath = dir + "/" + fileName;
        if (!_layout.TryResolve(linkPath, true, out string canonical, out HostDirectoryNode? node))
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

        image = Make(name, _behavior.ReportsCanonicalImagePaths ? canonical : linkPath, node!);
        return true;
    }

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

    private PortableImage Make(string name, string path, HostDirectoryNode node)
    {
        HostFileStatus.TryGet(node.HostPath, out HostFileStatus st, out _);
        ulong crtime = st.BirthTimeMicroseconds is long b and > 0 ? (ulong)b : 0;
        bool readOnly = IsVendorPath(path) || HostFileSystem.IsOnReadOnlyFileSystem(node.HostPath) ||
            (_behavior.HiddenImagesAreReadOnly && name.StartsWith('.'));
        switch (node.Type)
        {
            case FileType.Directory when st.InodeNumber == BtrfsIoctl.FirstFreeObjectId && SubvolumeProbe.TryGet(node.HostPath, out BtrfsSubvolumeInfo subvolume, out BtrfsQuotaInfo? quota):
                BtrfsQuotaInfo q = quota ?? new BtrfsQuotaInfo(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);
                return new PortableImage(name, path, PortableImageType.Subvolume, readOnly || subvolume.ReadOnly, subvolume.CreationTime,
                    _behavior.ReportsSubvolumeChangeTime ? subvolume.ChangeTime : 0, q.Referenced, q.ReferencedMax, q.Exclusive, q.ExclusiveMax);
            case FileType.Directory:
                readOnly |= HostFileSystem.IsImmutable(node.HostPath);
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
