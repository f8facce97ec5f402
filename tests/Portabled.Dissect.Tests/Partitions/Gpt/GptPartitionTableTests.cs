// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Text.Json;
using Portabled.Dissect.Partitions.Gpt;
using Portabled.Dissect.Tests.Fixtures;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.Partitions.Gpt;

public class GptPartitionTableTests
{
    private static readonly Guid s_root = new(DpsTypes.RootX86_64);

    [RequiresFact("sfdisk")]
    public void Read_SfdiskImage_MatchesSfdiskJson()
    {
        string path = TestImages.Sfdisk("oracle.img", 16 << 20, """
            label: gpt
            start=2048, size=2048, type=4f68bce3-e8cd-4db1-96e7-fbcaf984b709, name="root-1.0", attrs="RequiredPartition GUID:59,60,63"
            start=4096, size=4096, type=8484680c-9521-48c6-9c11-b0720656f69e, name="usr"
            start=10240, size=100, type=0fc63daf-8483-4772-8e79-3d69d8477de4, name="Ünïcödé label"
            """);

        using ImageFile image = ImageFile.Open(path);
        GptPartitionTable table = GptPartitionTable.Read(image.Whole);

        using JsonDocument json = JsonDocument.Parse(ProcessRunner.RunChecked("sfdisk", "--json", path));
        JsonElement pt = json.RootElement.GetProperty("partitiontable");
        Assert.Equal(new Guid(pt.GetProperty("id").GetString()!), table.DiskGuid);
        Assert.Equal(pt.GetProperty("sectorsize").GetInt32(), table.SectorSize);
        Assert.Equal((ulong)pt.GetProperty("firstlba").GetInt64(), table.Header.FirstUsableLba);
        Assert.Equal((ulong)pt.GetProperty("lastlba").GetInt64(), table.Header.LastUsableLba);
        JsonElement[] expected = [.. pt.GetProperty("partitions").EnumerateArray()];
        Assert.Equal(expected.Length, table.Entries.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            JsonElement e = expected[i];
            GptPartitionEntry actual = table.Entries[i];
            Assert.Equal(e.GetProperty("node").GetString(), path + actual.Number);
            Assert.Equal((ulong)e.GetProperty("start").GetInt64(), actual.FirstLba);
            Assert.Equal(e.GetProperty("size").GetInt64() * 512, actual.Length);
            Assert.Equal(new Guid(e.GetProperty("type").GetString()!), actual.TypeGuid);
            Assert.Equal(new Guid(e.GetProperty("uuid").GetString()!), actual.UniqueGuid);
            Assert.Equal(e.GetProperty("name").GetString(), actual.Name);
            Assert.Equal(ParseSfdiskAttributes(e.TryGetProperty("attrs", out JsonElement a) ? a.GetString()! : string.Empty), actual.Attributes);
        }

        Assert.False(table.IsBackupHeader);
    }

    [Fact]
    public void Read_4096ByteSectors_FindsTableAndScalesOffsets()
    {
        var writer = new GptImageWriter
        {
            SectorSize = 4096,
            TotalSectors = 512,
            Partitions = { new GptTestPartition(s_root, 10, 19, "root") },
        };
        string path = writer.WriteFile("4k.img");

        using ImageFile image = ImageFile.Open(path);
        GptPartitionTable table = GptPartitionTable.Read(image.Whole);

        Assert.Equal(4096, table.SectorSize);
        GptPartitionEntry entry = Assert.Single(table.Entries);
        Assert.Equal(10 * 4096, entry.Offset);
        Assert.Equal(10 * 4096, entry.Length);
        Assert.Equal("root", entry.Name);
    }

    [RequiresFact("sfdisk", "losetup", "unshare", "root")]
    public void Read_4096ByteSectors_MatchesSfdiskOnA4KLoopDevice()
    {
        var writer = new GptImageWriter
        {
            SectorSize = 4096,
            TotalSectors = 512,
            Partitions = { new GptTestPartition(s_root, 10, 19, "root"), new GptTestPartition(new Guid(DpsTypes.Home), 20, 99, "home") },
        };
        string path = writer.WriteFile("4k-oracle.img");
        string output = ProcessRunner.Shell($"unshare -m bash -c 'd=$(losetup --sector-size 4096 -f --show {path}); trap \"losetup -d $d\" EXIT; sfdisk --json $d'");

        using ImageFile image = ImageFile.Open(path);
        GptPartitionTable table = GptPartitionTable.Read(image.Whole);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement pt = json.RootElement.GetProperty("partitiontable");
        Assert.Equal(4096, pt.GetProperty("sectorsize").GetInt32());
        JsonElement[] expected = [.. pt.GetProperty("partitions").EnumerateArray()];
        Assert.Equal(expected.Select(e => (e.GetProperty("start").GetInt64(), e.GetProperty("size").GetInt64(), e.GetProperty("name").GetString())),
            table.Entries.Select(e => ((long)e.FirstLba, e.Length / 4096, (string?)e.Name)));
    }

    [Fact]
    public void Read_CorruptPrimaryHeader_RecoversFromBackup()
    {
        var writer = new GptImageWriter { BreakPrimaryHeaderCrc = true, Partitions = { new GptTestPartition(s_root, 100, 199, "root") } };
        using ImageFile image = ImageFile.Open(writer.WriteFile("backup.img"));

        GptPartitionTable table = GptPartitionTable.Read(image.Whole);

        Assert.True(table.IsBackupHeader);
        Assert.Equal((ulong)writer.TotalSectors - 1, table.Header.MyLba);
        Assert.Equal("root", Assert.Single(table.Entries).Name);
    }

    [Fact]
    public void Read_ZeroedPrimaryHeaderAndEntries_RecoversFromBackup()
    {
        var writer = new GptImageWriter { Partitions = { new GptTestPartition(s_root, 100, 199, "root") } };
        string path = writer.WriteFile("zeroed-primary.img");
        TestImages.WriteAt(path, 512, new byte[512 * 33]);
        using ImageFile image = ImageFile.Open(path);

        Assert.True(GptPartitionTable.Read(image.Whole).IsBackupHeader);
    }

    [Fact]
    public void Read_NoProtectiveMbr_Throws()
    {
        var writer = new GptImageWriter { WriteProtectiveMbr = false, Partitions = { new GptTestPartition(s_root, 100, 199) } };
        using ImageFile image = ImageFile.Open(writer.WriteFile("no-pmbr.img"));

        var e = Assert.Throws<InvalidImageException>(() => GptPartitionTable.Read(image.Whole));
        Assert.Equal("ProtectiveMbr", e.Structure);
        Assert.False(GptPartitionTable.HasProtectiveMbr(image.Whole));
    }

    public static TheoryData<string, string> CorruptionCases => new()
    {
        { "bad-header-crc", "header CRC32 mismatch" },
        { "bad-entry-crc", "partition entry array CRC32 mismatch" },
        { "entry-beyond-device", "outside the usable range" },
        { "entry-end-before-start", "outside the usable range" },
        { "overlapping-partitions", "partitions 1 and 2 overlap" },
        { "absurd-entry-count", "NumberOfPartitionEntries 4294967295" },
        { "zero-entry-count", "NumberOfPartitionEntries 0" },
        { "zero-entry-size", "SizeOfPartitionEntry 0" },
        { "entry-size-100", "SizeOfPartitionEntry 100" },
        { "absurd-entry-array", "exceeds 1048576" },
        { "absurd-header-size", "header size 4294967295" },
        { "wrong-my-lba", "MyLBA 7" },
        { "first-usable-after-last", "FirstUsableLBA" },
        { "last-usable-beyond-disk", "beyond the last LBA" },
        { "entry-array-beyond-eof", "lies beyond the disk" },
        { "entry-array-in-usable-range", "overlaps the header or the usable range" },
        { "truncated-image", "too small for a GPT" },
        { "bad-signature", "no \"EFI PART\" signature" },
        { "headers-at-two-sector-sizes", "several sector sizes" },
    };

    [Theory]
    [MemberData(nameof(CorruptionCases))]
    public void Read_CorruptTable_ThrowsInvalidImageException(string name, string messageFragment)
    {
        string path = BuildCorrupt(name);
        using ImageFile image = ImageFile.Open(path);

        var e = Assert.Throws<InvalidImageException>(() => GptPartitionTable.Read(image.Whole));
        Assert.Contains(messageFragment, e.Message, StringComparison.Ordinal);
        Assert.Equal("GptHeader", e.Structure);
        Assert.StartsWith(path + ":", e.Message, StringComparison.Ordinal);
    }

    internal static string BuildCorrupt(string name)
    {
        var parts = new List<GptTestPartition> { new(s_root, 100, 199, "root"), new(new Guid(DpsTypes.Home), 200, 299, "home") };
        GptImageWriter writer = name switch
        {
            "bad-header-crc" => new() { BreakPrimaryHeaderCrc = true, BreakBackupHeaderCrc = true },
            "bad-entry-crc" => new() { BreakEntryCrc = true },
            "entry-beyond-device" => new() { Partitions = [new(s_root, 100, 1_000_000)] },
            "entry-end-before-start" => new() { Partitions = [new(s_root, 200, 100)] },
            "overlapping-partitions" => new() { Partitions = [new(s_root, 100, 199), new(new Guid(DpsTypes.Home), 150, 299)] },
            "absurd-entry-count" => new() { EditHeader = (h, _) => Put32(h, 80, uint.MaxValue) },
            "zero-entry-count" => new() { EditHeader = (h, _) => Put32(h, 80, 0) },
            "zero-entry-size" => new() { EditHeader = (h, _) => Put32(h, 84, 0) },
            "entry-size-100" => new() { EditHeader = (h, _) => Put32(h, 84, 100) },
            "absurd-entry-array" => new() { EditHeader = (h, _) => { Put32(h, 80, 1024); Put32(h, 84, 4096); } },
            "absurd-header-size" => new() { EditHeader = (h, _) => Put32(h, 12, uint.MaxValue) },
            "wrong-my-lba" => new() { EditHeader = (h, _) => Put64(h, 24, 7) },
            "first-usable-after-last" => new() { EditHeader = (h, _) => Put64(h, 40, 2030) },
            "last-usable-beyond-disk" => new() { EditHeader = (h, _) => Put64(h, 48, 5000) },
            "entry-array-beyond-eof" => new() { EditHeader = (h, _) => Put64(h, 72, 1L << 40) },
            "entry-array-in-usable-range" => new() { EditHeader = (h, _) => Put64(h, 72, 100) },
            "truncated-image" => new(),
            "bad-signature" => new() { EditHeader = (h, _) => h[0] = (byte)'X' },
            "headers-at-two-sector-sizes" => new() { TotalSectors = 4096 },
            _ => throw new ArgumentException(name),
        };
        if (writer.Partitions.Count == 0 && name is not ("entry-beyond-device" or "entry-end-before-start" or "overlapping-partitions"))
        {
            writer.Partitions.AddRange(parts);
        }

        string path = writer.WriteFile(name + ".img");
        if (name == "truncated-image")
        {
            using var f = new FileStream(path, FileMode.Open);
            f.SetLength(512 + 100);
        }
        else if (name == "headers-at-two-sector-sizes")
        {
            // A second header, plausible for 4096-byte sectors, at byte 4096.
            byte[] primary = TestImages.ReadAt(path, 512, 512);
            TestImages.WriteAt(path, 4096, primary);
        }

        return path;
    }

    private static void Put32(Span<byte> h, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(h[offset..], value);

    private static void Put64(Span<byte> h, int offset, long value) => BinaryPrimitives.WriteUInt64LittleEndian(h[offset..], (ulong)value);

    private static GptPartitionAttributes ParseSfdiskAttributes(string attrs)
    {
        ulong bits = 0;
        foreach (string token in attrs.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.StartsWith("GUID:", StringComparison.Ordinal))
            {
                foreach (string bit in token[5..].Split(','))
                {
                    bits |= 1UL << int.Parse(bit, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            else
            {
                bits |= token switch
                {
                    "RequiredPartition" => 1UL,
                    "NoBlockIOProtocol" => 2UL,
                    "LegacyBIOSBootable" => 4UL,
                    _ => throw new ArgumentException(token),
                };
            }
        }

        return (GptPartitionAttributes)bits;
    }
}
