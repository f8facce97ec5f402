// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect;
using Portabled.Dissect.Dissection;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Partitions.Gpt;
using Portabled.Dissect.Partitions.Mbr;

namespace Portabled.Fuzz.Targets;

/// <summary>
/// A disk image: the GPT and MBR readers on their own, then the whole dissection (DPS partition
/// selection, verity pairing) and the root file system portabled would extract from, read whole.
/// Verity signatures are not checked: that would read the host's certificate directories. The
/// primary GPT header's checksums are recomputed first (<see cref="GptChecksumFixup"/>), so
/// mutations reach the partition entries and the selection.
/// </summary>
public sealed class PartitionsTarget : IFuzzTarget
{
    /// <inheritdoc />
    public string Name => "partitions";

    /// <inheritdoc />
    public void Run(byte[] input, string scratchPath)
    {
        byte[] disk = (byte[])input.Clone();
        GptChecksumFixup.Apply(disk);
        File.WriteAllBytes(scratchPath, disk);
        using ImageFile file = ImageFile.Open(scratchPath);
        ReadTables(file.Whole);
        var options = new DissectionOptions { UseVeritySidecars = false, CheckVerity = false };
        using DissectedImage image = DissectedImage.Open(file, options);
        foreach (DissectedPartition partition in image.Partitions)
        {
            _ = partition.Designator is PartitionDesignator d ? image.VerityStatus(d) : null;
            _ = image.IsVerityProtected(partition);
        }

        using IReadOnlyFileSystem root = image.OpenRootFileSystem();
        TreeReader.ReadAll(root);
    }

    // Each table reader on its own, so a table the dissection would not pick is still exercised.
    private static void ReadTables(ImageRegion disk)
    {
        if (MbrPartitionTable.IsMbr(disk))
        {
            Swallow(() => MbrPartitionTable.Read(disk));
        }

        if (GptPartitionTable.HasProtectiveMbr(disk))
        {
            Swallow(() => GptPartitionTable.Read(disk));
        }
    }

    private static void Swallow(Func<object> read)
    {
        try
        {
            _ = read();
        }
        catch (Exception e) when (ExpectedRejections.IsExpected(e))
        {
        }
    }
}
