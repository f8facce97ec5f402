// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Dissection;

/// <summary>
/// Why an image could not be dissected, one value per errno dissect_image() returns and portabled
/// turns into a message (docs/portable1-api.md, "Errors"). Core and the CLIs map these to upstream's
/// exact texts.
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
}
