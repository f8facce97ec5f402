// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text.Json;
using Portabled.Dissect.Partitions.Mbr;
using Portabled.Dissect.Tests.Fixtures;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.Partitions.Mbr;

public class MbrPartitionTableTests
{
    [RequiresFact("sfdisk")]
    public void Read_SfdiskImageWithLogicalPartitions_MatchesSfdiskJson()
    {
        string path = TestImages.Sfdisk("mbr.img", 32 << 20, """
            label: dos
            start=2048, size=4096, type=83, bootable
            start=8192, size=4096, type=ea
            start=16384, size=40960, type=5
            start=18432, size=2048, type=83
            start=22528, size=2048, type=82
            """);

        using ImageFile image = ImageFile.Open(path);
        MbrPartitionTable table = MbrPartitionTable.Read(image.Whole);

        using JsonDocument json = JsonDocument.Parse(ProcessRunner.RunChecked("sfdisk", "--json", path));
        JsonElement pt = json.RootElement.GetProperty("partitiontable");
        Assert.Equal(Convert.ToUInt32(pt.GetProperty("id").GetString(), 16), table.DiskSignature);
        var expected = pt.GetProperty("partitions").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() != "5")
            .Select(e => (e.GetProperty("node").GetString(), e.GetProperty("start").GetInt64(), e.GetProperty("size").GetInt64(),
                Convert.ToByte(e.GetProperty("type").GetString(), 16), e.TryGetProperty("bootable", out JsonElement b) && b.GetBoolean()));
        Assert.Equal(expected, table.Entries.Select(e => ((string?)(path + e.Number), (long)e.FirstSector, (long)e.SectorCount, e.Type, e.IsBootable)));
    }

    [RequiresFact("sfdisk")]
    public void Read_PartitionBeyondDisk_Throws()
    {
        string path = TestImages.Sfdisk("mbr-beyond.img", 8 << 20, "label: dos\nstart=2048, size=4096, type=83, bootable\n");
        using (var f = new FileStream(path, FileMode.Open))
        {
            f.SetLength(2 << 20);
        }

        using ImageFile image = ImageFile.Open(path);
        var e = Assert.Throws<InvalidImageException>(() => MbrPartitionTable.Read(image.Whole));
        Assert.Contains("lies outside the 4096-sector disk", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsMbr_InvalidBootIndicatorOrProtectiveRecord_False()
    {
        byte[] sector = new byte[4096];
        sector[510] = 0x55;
        sector[511] = 0xAA;
        string path = TestImages.NewPath("mbr-empty.img");
        File.WriteAllBytes(path, sector);
        using (ImageFile image = ImageFile.Open(path))
        {
            Assert.True(MbrPartitionTable.IsMbr(image.Whole));
        }

        sector[446] = 0x12;
        File.WriteAllBytes(path, sector);
        using (ImageFile image = ImageFile.Open(path))
        {
            Assert.False(MbrPartitionTable.IsMbr(image.Whole));
        }

        sector[446] = 0;
        sector[446 + 4] = 0xEE;
        File.WriteAllBytes(path, sector);
        using (ImageFile image = ImageFile.Open(path))
        {
            Assert.False(MbrPartitionTable.IsMbr(image.Whole));
        }
    }
}
