// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.Partitions;
using Portabled.Dissect.Verity;

namespace Portabled.Dissect.Dissection;

/// <summary>
/// An image taken apart the way systemd's dissect_image() does it for portabled, in userspace: a
/// directory, a naked file system, or a GPT/MBR disk whose partitions are chosen by the
/// Discoverable Partitions Specification (docs/image-readers.md, "Partition tables and DPS"). Nothing is mounted;
/// <see cref="OpenRootFileSystem"/> gives the tree portabled would see, read through the dm-verity
/// hash tree when the image has one (<see cref="Verity"/>).
/// File systems opened from it read through its image handle: dispose them before the image.
/// </summary>
public sealed partial class DissectedImage : IDisposable
{
    private readonly ImageFile? _ownedImage;
    private readonly Dictionary<PartitionDesignator, DissectedPartition> _selected;

    private DissectedImage(string imagePath, ImageFile? ownedImage, Dictionary<PartitionDesignator, DissectedPartition> selected)
    {
        ImagePath = imagePath;
        _ownedImage = ownedImage;
        _selected = selected;
    }

    /// <summary>The path the image was opened from.</summary>
    public string ImagePath { get; }

    /// <summary>The file name of the image (systemd-dissect's "Name").</summary>
    public string Name => Path.GetFileName(Path.TrimEndingDirectorySeparator(ImagePath));

    /// <summary>True for a directory image (no partitions; the directory is the root file system).</summary>
    public bool IsDirectory { get; private init; }

    /// <summary>Size in bytes (0 for a directory).</summary>
    public long Size { get; private init; }

    /// <summary>The partition table kind, <see cref="PartitionTableKind.None"/> for naked file systems and directories.</summary>
    public PartitionTableKind PartitionTableKind { get; private init; }

    /// <summary>The GPT disk GUID (partition table UUID), or null.</summary>
    public Guid? PartitionTableUuid { get; private init; }

    /// <summary>The MBR disk signature, or null.</summary>
    public uint? MbrDiskSignature { get; private init; }

    /// <summary>Logical sector size of the partition table (512 unless a 4K-sector GPT was found).</summary>
    public int SectorSize { get; private init; } = 512;

    /// <summary>True when the primary GPT was corrupt and the backup header and entries were used.</summary>
    public bool UsedBackupGptHeader { get; private init; }

    /// <summary>Every partition recognised (DPS types, generic Linux, bootable MBR Linux/XBOOTLDR), in table order, including ignored ones.</summary>
    public IReadOnlyList<DissectedPartition> Partitions { get; private init; } = [];

    /// <summary>The partition chosen for each designator.</summary>
    public IReadOnlyDictionary<PartitionDesignator, DissectedPartition> Selected => _selected;

    /// <summary>The chosen root partition, or null (usr-only images, directories).</summary>
    public DissectedPartition? Root => Get(PartitionDesignator.Root);

    /// <summary>The chosen usr partition, or null.</summary>
    public DissectedPartition? Usr => Get(PartitionDesignator.Usr);

    /// <summary>The chosen root-verity partition, or null.</summary>
    public DissectedPartition? RootVerity => Get(PartitionDesignator.RootVerity);

    /// <summary>The chosen usr-verity partition, or null.</summary>
    public DissectedPartition? UsrVerity => Get(PartitionDesignator.UsrVerity);

    /// <summary>The chosen root-verity-sig partition, or null.</summary>
    public DissectedPartition? RootVeritySig => Get(PartitionDesignator.RootVeritySig);

    /// <summary>The chosen usr-verity-sig partition, or null.</summary>
    public DissectedPartition? UsrVeritySig => Get(PartitionDesignator.UsrVeritySig);

    /// <summary>The image's architecture: the root's, else the usr partition's, else null.</summary>
    public string? Architecture => Root?.Architecture ?? Usr?.Architecture;

    /// <summary>Verity files found next to the image.</summary>
    public VeritySidecars Sidecars { get; private init; } = new();

    /// <summary>Opens and dissects <paramref name="path"/>: a directory, a naked file system or a partitioned disk image (file or block device).</summary>
    public static DissectedImage Open(string path, DissectionOptions? options = null)
    {
        if (Directory.Exists(path))
        {
            return new DissectedImage(path, null, []) { IsDirectory = true };
        }

        ImageFile image = ImageFile.Open(path);
        try
        {
            return Dissect(image, image, options ?? DissectionOptions.Default);
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>Dissects an open image; the caller keeps ownership of <paramref name="image"/> and must keep it open while this is used.</summary>
    public static DissectedImage Open(ImageFile image, DissectionOptions? options = null) =>
        Dissect(image, null, options ?? DissectionOptions.Default);

    /// <summary>
    /// The file system tree portabled extracts from: the directory itself; the root partition; or
    /// root with the usr partition on <c>/usr</c>. For a usr-only image, a <see cref="MountedFileSystem"/>
    /// whose <c>/</c> is an empty synthetic directory holding only <c>usr</c> (systemd mounts a tmpfs
    /// there), so <c>/usr/lib/os-release</c> resolves as on a mounted image. Throws
    /// <see cref="UnsupportedImageException"/> when no reader recognises a needed file system.
    /// </summary>
    public IReadOnlyFileSystem OpenRootFileSystem()
    {
        if (IsDirectory)
        {
            return new HostDirectoryFileSystem(ImagePath);
        }

        if (Options.CheckVerity)
        {
            CheckVeritySignature();
        }

        DissectedPartition? root = Root, usr = Usr;
        if (usr is null)
        {
            return OpenFileSystem(root ?? throw new DissectionException(ImagePath, DissectionError.NoSuitableRootPartition, "No suitable root partition found."));
        }

        IReadOnlyFileSystem? rootFs = root is null ? null : OpenFileSystem(root);
        try
        {
            if (rootFs is not null)
            {
                RequireUsrMountPoint(rootFs);
            }

            return new MountedFileSystem(rootFs, OpenFileSystem(usr));
        }
        catch
        {
            rootFs?.Dispose();
            throw;
        }
    }

    // systemd mounts the usr partition on the root's /usr and creates no mount point in a read-only
    // image: without one, mounting fails with ENOENT (systemd-dissect and portabled 262, observed).
    // A symbolic link there would be followed inside the image by systemd; we do not model that.
    private void RequireUsrMountPoint(IReadOnlyFileSystem rootFs)
    {
        if (!rootFs.TryLookup(rootFs.Root, "usr", out FileSystemNode? mountPoint) || mountPoint is null)
        {
            throw new DissectionException(ImagePath, DissectionError.NoUsrMountPoint, "The root file system has no /usr directory to mount the usr partition on.");
        }

        if (mountPoint.Type != FileType.Directory)
        {
            throw new UnsupportedImageException(ImagePath, $"The root file system's /usr is a {mountPoint.Type}, not a directory to mount the usr partition on.");
        }
    }

    /// <summary>
    /// Opens the file system of one partition; <see cref="UnsupportedImageException"/> when no reader
    /// recognises it. A verity protected partition is read through its hash tree: the signature and the
    /// root hash are checked first (<see cref="VeritySignatureException"/>, <see cref="Verity.VerityMismatchException"/>).
    /// </summary>
    public IReadOnlyFileSystem OpenFileSystem(DissectedPartition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        if (partition.FileSystemFormat is null)
        {
            string which = partition.PartitionNumber is int n ? $"partition {n} ({partition.TypeName})" : "the image";
            throw new UnsupportedImageException(ImagePath, $"no supported file system recognised on {which}");
        }

        return partition.FileSystemFormat.Open(IsVerityProtected(partition) ? OpenVerityTree().VerifiedRegion : partition.Region);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        DisposeVerity();
        _ownedImage?.Dispose();
    }

    private DissectedPartition? Get(PartitionDesignator designator) => _selected.GetValueOrDefault(designator);
}
