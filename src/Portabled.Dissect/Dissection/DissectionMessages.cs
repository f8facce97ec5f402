// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Dissection;

/// <summary>
/// Upstream's message for each <see cref="DissectionError"/>, the one text systemd-portabled (in its bus
/// error) and systemd-dissect (in its log line) give for it (docs/portable1-api.md, "Errors"). The
/// daemon and portabled-dissect both take their messages from here.
/// </summary>
public static class DissectionMessages
{
    /// <summary>The message for <paramref name="error"/> while dissecting <paramref name="image"/> (the path as the user gave it).</summary>
    public static string For(DissectionError error, string image) => error switch
    {
        DissectionError.NoPartitionTableOrFileSystem => $"Couldn't identify a suitable partition table or file system in '{image}'.",
        DissectionError.NoSuitableRootPartition => $"No suitable root partition found in image '{image}'.",
        DissectionError.MultipleSuitableRootPartitions => $"Multiple suitable root partitions found in image '{image}'.",
        DissectionError.NoRootPartitionForRootHash => $"No root partition for specified root hash found in '{image}'.",
        DissectionError.NoUsrMountPoint => "No such file or directory",
        _ => throw new ArgumentOutOfRangeException(nameof(error)),
    };

    /// <summary>The message for a dissection failure; the verity ones carry systemd-dissect's own text already.</summary>
    public static string For(DissectionException e, string image) => e.Error switch
    {
        DissectionError.ExternalVerityWithPartitionTable or DissectionError.VeritySignatureMissing or DissectionError.VeritySignatureInvalid
            or DissectionError.VeritySignatureTooLarge => e.Problem,
        _ => For(e.Error, image),
    };
}
