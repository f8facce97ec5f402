// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Dissection;

namespace Portabled.DissectTool.Output;

/// <summary>Upstream's messages for dissection failures (reference/portable1-api.md §2), one per <see cref="DissectionError"/>.</summary>
internal static class ErrorMessages
{
    public static string For(DissectionException e, string image) => e.Error switch
    {
        DissectionError.NoPartitionTableOrFileSystem => $"Couldn't identify a suitable partition table or file system in '{image}'.",
        DissectionError.NoSuitableRootPartition => $"No suitable root partition found in image '{image}'.",
        DissectionError.MultipleSuitableRootPartitions => $"Multiple suitable root partitions found in image '{image}'.",
        DissectionError.NoRootPartitionForRootHash => $"No root partition for specified root hash found in '{image}'.",
        // The verity ones carry systemd-dissect's own text already.
        _ => e.Problem,
    };
}
