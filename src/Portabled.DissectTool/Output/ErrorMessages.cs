// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Dissection;

namespace Portabled.DissectTool.Output;

/// <summary>Upstream's messages for dissection failures (docs/portable1-api.md, "Errors"), one per <see cref="DissectionError"/>.</summary>
internal static class ErrorMessages
{
    public static string For(DissectionError error, string image) => error switch
    {
        DissectionError.NoPartitionTableOrFileSystem => $"Couldn't identify a suitable partition table or file system in '{image}'.",
        DissectionError.NoSuitableRootPartition => $"No suitable root partition found in image '{image}'.",
        DissectionError.MultipleSuitableRootPartitions => $"Multiple suitable root partitions found in image '{image}'.",
        DissectionError.NoRootPartitionForRootHash => $"No root partition for specified root hash found in '{image}'.",
        _ => throw new ArgumentOutOfRangeException(nameof(error)),
    };
}
