// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Dissection;

/// <summary>
/// Why an image could not be dissected, one value per errno dissect_image() returns and portabled
/// turns into a message (docs/portable1-api.md, "Errors"). <see cref="DissectionMessages"/> holds upstream's
/// exact texts, for Core and the CLIs alike.
/// </summary>
public enum DissectionError
{
    /// <summary>ENOPKG: <c>Couldn't identify a suitable partition table or file system in '%s'.</c></summary>
    NoPartitionTableOrFileSystem,

    /// <summary>ENXIO: <c>No suitable root partition found in image '%s'.</c></summary>
    NoSuitableRootPartition,

    /// <summary>ENOTUNIQ: <c>Multiple suitable root partitions found in image '%s'.</c></summary>
    MultipleSuitableRootPartitions,

    /// <summary>EADDRNOTAVAIL: <c>No root partition for specified root hash found in '%s'.</c> (also verity without its data partition, mixed architectures).</summary>
    NoRootPartitionForRootHash,

    /// <summary>ENOENT: the root file system has no <c>/usr</c> directory to mount the usr partition on (<c>No such file or directory</c>).</summary>
    NoUsrMountPoint,

    /// <summary>EBADR: a <c>.verity</c> sidecar next to a partitioned image (external hash data is for naked file systems only).</summary>
    ExternalVerityWithPartitionTable,

    /// <summary>ENODATA: the verity signature partition holds no data (only NUL bytes).</summary>
    VeritySignatureMissing,

    /// <summary>EINVAL: the verity signature partition (or a <c>.p7s</c> sidecar) is not what it should be.</summary>
    VeritySignatureInvalid,

    /// <summary>EFBIG: the verity signature partition is larger than 4 MiB.</summary>
    VeritySignatureTooLarge,
}
