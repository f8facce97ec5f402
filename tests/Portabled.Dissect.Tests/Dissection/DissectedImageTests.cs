// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Dissection;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.Partitions;
using Portabled.Dissect.Partitions.Gpt;
using Portabled.Dissect.Tests.Fixtures;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.Dissection;

public partial class DissectedImageTests
{
    private static readonly DissectionOptions s_x86_64 = new() { Architecture = "x86-64", FileSystemFormats = MagicFileSystemFormat.All };

    [RequiresFact("sfdisk", "mksquashfs")]
    public void Open_GptWithSquashFsRoot_SelectsRoot()
    {
        string path = TestImages.Sfdisk("gpt-root.img", 8 << 20, $"""
            label: gpt
            start=2048, size=2048, type={DpsTypes.RootX86_64}, name="root-1.0", attrs="GUID:59,60"
            start=4096, size=2048, type={DpsTypes.Esp}
            """);
        TestImages.WriteAt(path, 2048 * 512, TestImages.SquashFsPayload);

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);

        Assert.Equal(PartitionTableKind.Gpt, image.PartitionTableKind);
        Assert.NotNull(image.PartitionTableUuid);
        DissectedPartition root = Assert.IsType<DissectedPartition>(image.Root);
        Assert.Equal("root-x86-64", root.TypeName);
        Assert.Equal("root-1.0", root.Label);
        Assert.Equal(1, root.PartitionNumber);
        Assert.Equal(2048 * 512, root.Offset);
        Assert.Equal(2048 * 512, root.Size);
        Assert.Equal("squashfs", root.FileSystemType);
        Assert.True(root.ReadOnly);
        Assert.True(root.GrowFileSystem);
        Assert.False(root.NoAuto);
        Assert.Equal("x86-64", image.Architecture);
        Assert.Equal("esp", image.Selected[PartitionDesignator.Esp].TypeName);
        Assert.Null(image.Selected[PartitionDesignator.Esp].FileSystemType);
        Assert.Null(image.Usr);
    }

    [RequiresFact("sfdisk", "mksquashfs")]
    public void OpenRootFileSystem_GptWithSquashFsRoot_ReadsThroughRegisteredReader()
    {
        string path = TestImages.Sfdisk("gpt-e2e.img", 8 << 20, $"label: gpt\nstart=2048, size=2048, type={DpsTypes.RootX86_64}\n");
        TestImages.WriteAt(path, 2048 * 512, TestImages.SquashFsPayload);

        using DissectedImage image = DissectedImage.Open(path);
        using IReadOnlyFileSystem fs = image.OpenRootFileSystem();

        Assert.Equal("squashfs", image.Root!.FileSystemType);
        Assert.True(ImagePathResolver.TryResolve(fs, "/etc/os-release", true, out ResolvedPath r));
        Assert.Equal("/usr/lib/os-release", r.CanonicalPath);
    }

    [Fact]
    public void Open_4096ByteSectorGpt_SelectsRootAtScaledOffset()
    {
        string path = Gpt(new GptImageWriter { SectorSize = 4096, TotalSectors = 256 }, (DpsTypes.RootX86_64, "root", 0UL));

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);

        Assert.Equal(4096, image.SectorSize);
        Assert.Equal((long)GptImageWriterFirst(4096) * 4096, image.Root!.Offset);
        Assert.Equal("squashfs", image.Root.FileSystemType);
    }

    [Theory]
    [InlineData("root-1.9", "root-1.10", "root-1.10")]
    [InlineData("root-2", "root-1.10", "root-2")]
    [InlineData("root-1.0", "root-1.0", "root-1.0#1")]
    [InlineData("root-1.0~rc1", "root-1.0", "root-1.0")]
    public void Open_MultipleVersionedRoots_HighestLabelWins(string first, string second, string expected)
    {
        string path = Gpt(new GptImageWriter(), (DpsTypes.RootX86_64, first, 0UL), (DpsTypes.RootX86_64, second, 0UL));

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);

        string label = expected.Split('#')[0];
        Assert.Equal(label, image.Root!.Label);
        if (expected.EndsWith("#1", StringComparison.Ordinal))
        {
            Assert.Equal(1, image.Root.PartitionNumber);
        }

        Assert.Equal(2, image.Partitions.Count);
        Assert.Single(image.Partitions, p => p.IsSelected);
    }

    [Fact]
    public void Open_NativeAndSecondaryRoots_NativeWinsOverHigherLabel()
    {
        string path = Gpt(new GptImageWriter(), (DpsTypes.RootX86, "root-9", 0UL), (DpsTypes.RootX86_64, "root-1", 0UL));

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);

        Assert.Equal("x86-64", image.Root!.Architecture);
    }

    [Fact]
    public void Open_SecondaryArchitectureOnly_SelectsIt()
    {
        string path = Gpt(new GptImageWriter(), (DpsTypes.RootArm64, "arm", 0UL), (DpsTypes.RootX86, "x86", 0UL));

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);

        Assert.Equal("x86", image.Root!.Architecture);
    }

    [Fact]
    public void Open_ForeignArchitectureOnly_AcceptedLikeSystemd()
    {
        string path = Gpt(new GptImageWriter(), (DpsTypes.RootArm64, "root", 0UL));

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);

        Assert.Equal("arm64", image.Root!.Architecture);
        Assert.Equal("root-arm64", image.Root.TypeName);
    }

    [Fact]
    public void Open_ForeignArchitectureOnlyWithCompatibilityRequired_NoSuitableRoot()
    {
        string path = Gpt(new GptImageWriter(), (DpsTypes.RootArm64, "root", 0UL));
        var options = new DissectionOptions { Architecture = "x86-64", FileSystemFormats = MagicFileSystemFormat.All, RequireCompatibleArchitecture = true };

        var e = Assert.Throws<DissectionException>(() => DissectedImage.Open(path, options));

        Assert.Equal(DissectionError.NoSuitableRootPartition, e.Error);
    }

    [Fact]
    public void Open_NoAutoRoot_SkippedForTheOther()
    {
        string path = Gpt(new GptImageWriter(), (DpsTypes.RootX86_64, "root-9", 1UL << 63), (DpsTypes.RootX86_64, "root-1", 0UL));

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);

        Assert.Equal("root-1", image.Root!.Label);
        Assert.True(image.Partitions[0].NoAuto);
        Assert.False(image.Partitions[0].IsSelected);
    }

    [Fact]
    public void Open_OnlyNoAutoRoot_NoSuitableRoot()
    {
        string path = Gpt(new GptImageWriter(), (DpsTypes.RootX86_64, "root", 1UL << 63));

        var e = Assert.Throws<DissectionException>(() => DissectedImage.Open(path, s_x86_64));

        Assert.Equal(DissectionError.NoSuitableRootPartition, e.Error);
        Assert.EndsWith("No suitable root partition found.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UsrOnly_SelectsUsrWithoutRoot()
    {
        string path = Gpt(new GptImageWriter(), (DpsTypes.UsrX86_64, "usr", 0UL));

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);

        Assert.Null(image.Root);
        Assert.Equal("usr-x86-64", image.Usr!.TypeName);
        Assert.Equal("x86-64", image.Architecture);
    }

    [Fact]
    public void Open_RootVerityAndSignature_AllSelected()
    {
        string path = Gpt(new GptImageWriter(),
            (DpsTypes.RootX86_64, "root", 0UL), (DpsTypes.RootVerityX86_64, "verity", 0UL), (DpsTypes.RootVeritySigX86_64, "sig", 0UL));

        // The partitions hold marker bytes, not a signature: selection alone is under test here.
        using DissectedImage image = DissectedImage.Open(path, new DissectionOptions
        {
            Architecture = "x86-64",
            FileSystemFormats = MagicFileSystemFormat.All,
            UseVeritySignaturePartition = false,
        });

        Assert.Equal("root-x86-64-verity", image.RootVerity!.TypeName);
        Assert.Equal("root-x86-64-verity-sig", image.RootVeritySig!.TypeName);
        Assert.Equal(3, image.Selected.Count);
    }

    [RequiresFact("veritysetup")]
    public void Open_RealVerityHashPartition_ReportedAsDmVerityHash()
    {
        string data = TestImages.NewPath("verity-data");
        string hash = TestImages.NewPath("verity-hash");
        File.WriteAllBytes(data, new byte[64 * 1024]);
        ProcessRunner.RunChecked("veritysetup", "format", data, hash);
        byte[] hashBytes = File.ReadAllBytes(hash);
        var writer = new GptImageWriter();
        string path = Gpt(writer, (DpsTypes.RootX86_64, "root", 0UL), (DpsTypes.RootVerityX86_64, "verity", 0UL));
        TestImages.WriteAt(path, (long)(GptImageWriterFirst(512) + 100) * 512, hashBytes.AsSpan(0, 512));

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);

        Assert.Equal("DM_verity_hash", image.RootVerity!.FileSystemType);
    }

    [Theory]
    [InlineData(DpsTypes.RootVerityX86_64)]
    [InlineData(DpsTypes.RootVeritySigX86_64)]
    public void Open_VerityWithoutData_Refused(string type)
    {
        string path = Gpt(new GptImageWriter(), (DpsTypes.UsrX86_64, "usr", 0UL), (type, "verity", 0UL));

        var e = Assert.Throws<DissectionException>(() => DissectedImage.Open(path, s_x86_64));

        Assert.Equal(DissectionError.NoRootPartitionForRootHash, e.Error);
    }

    [Fact]
    public void Open_RootVerityWithUsr_Refused()
    {
        string path = Gpt(new GptImageWriter(),
            (DpsTypes.RootX86_64, "root", 0UL), (DpsTypes.RootVerityX86_64, "verity", 0UL), (DpsTypes.UsrX86_64, "usr", 0UL));

        var e = Assert.Throws<DissectionException>(() => DissectedImage.Open(path, s_x86_64));

        Assert.Equal(DissectionError.NoRootPartitionForRootHash, e.Error);
    }

    [Fact]
    public void Open_SingleLinuxGeneric_BecomesRoot()
    {
        string path = Gpt(new GptImageWriter(), (DpsTypes.LinuxGeneric, "data", 0UL), (DpsTypes.Home, "home", 0UL));

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);

        Assert.Equal("linux-generic", image.Root!.TypeName);
        Assert.Null(image.Root.Architecture);
        Assert.Equal("home", image.Selected[PartitionDesignator.Home].Label);
    }

    [Fact]
    public void Open_TwoLinuxGeneric_MultipleSuitableRoots()
    {
        string path = Gpt(new GptImageWriter(), (DpsTypes.LinuxGeneric, "a", 0UL), (DpsTypes.LinuxGeneric, "b", 0UL));

        var e = Assert.Throws<DissectionException>(() => DissectedImage.Open(path, s_x86_64));

        Assert.Equal(DissectionError.MultipleSuitableRootPartitions, e.Error);
    }

    [RequiresFact("sfdisk", "mksquashfs")]
    public void Open_MbrWithBootableLinuxPartition_BecomesRoot()
    {
        string path = TestImages.Sfdisk("mbr-root.img", 8 << 20, "label: dos\nstart=2048, size=4096, type=83, bootable\n");
        TestImages.WriteAt(path, 2048 * 512, TestImages.SquashFsPayload);

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);

        Assert.Equal(PartitionTableKind.Mbr, image.PartitionTableKind);
        Assert.Equal(1, image.Root!.PartitionNumber);
        Assert.Equal("mbr-0x83", image.Root.TypeName);
        Assert.Equal("squashfs", image.Root.FileSystemType);
        Assert.NotNull(image.MbrDiskSignature);
    }

    [RequiresFact("sfdisk")]
    public void Open_MbrWithoutBootFlag_NoSuitableRoot()
    {
        string path = TestImages.Sfdisk("mbr-noboot.img", 8 << 20, "label: dos\nstart=2048, size=4096, type=83\n");

        var e = Assert.Throws<DissectionException>(() => DissectedImage.Open(path, s_x86_64));

        Assert.Equal(DissectionError.NoSuitableRootPartition, e.Error);
    }

    [RequiresFact("mksquashfs")]
    public void Open_NakedSquashFs_WholeImageIsRoot()
    {
        string path = TestImages.NewPath("naked.raw");
        File.WriteAllBytes(path, TestImages.SquashFsPayload);

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);

        Assert.Equal(PartitionTableKind.None, image.PartitionTableKind);
        Assert.Equal(0, image.Root!.Offset);
        Assert.Equal(TestImages.SquashFsPayload.Length, image.Root.Size);
        Assert.Null(image.Root.PartitionNumber);
        Assert.Null(image.Root.Architecture);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4096)]
    public void Open_EmptyImage_NoPartitionTableOrFileSystem(int size)
    {
        string path = TestImages.NewPath("empty.raw");
        File.WriteAllBytes(path, new byte[size]);

        var e = Assert.Throws<DissectionException>(() => DissectedImage.Open(path, s_x86_64));

        Assert.Equal(DissectionError.NoPartitionTableOrFileSystem, e.Error);
        Assert.Equal($"{path}: Couldn't identify a suitable partition table or file system.", e.Message);
    }

    [Fact]
    public void Open_GptWithoutProtectiveMbr_NoPartitionTableOrFileSystem()
    {
        string path = Gpt(new GptImageWriter { WriteProtectiveMbr = false }, (DpsTypes.RootX86_64, "root", 0UL));

        var e = Assert.Throws<DissectionException>(() => DissectedImage.Open(path, s_x86_64));

        Assert.Equal(DissectionError.NoPartitionTableOrFileSystem, e.Error);
    }

    [Fact]
    public void Open_CorruptPrimaryHeader_RecoveredFromBackup()
    {
        string path = Gpt(new GptImageWriter { BreakPrimaryHeaderCrc = true }, (DpsTypes.RootX86_64, "root", 0UL));

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);

        Assert.True(image.UsedBackupGptHeader);
        Assert.Equal("root", image.Root!.Label);
    }

    [Fact]
    public void Open_BothHeadersCorrupt_InvalidImage()
    {
        string path = Gpt(new GptImageWriter { BreakPrimaryHeaderCrc = true, BreakBackupHeaderCrc = true }, (DpsTypes.RootX86_64, "root", 0UL));

        var e = Assert.Throws<InvalidImageException>(() => DissectedImage.Open(path, s_x86_64));

        Assert.IsNotType<DissectionException>(e);
        Assert.Contains("header CRC32 mismatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_RootHashSidecar_SelectsPartitionsNamedByIt()
    {
        Guid rootUuid = Guid.NewGuid(), verityUuid = Guid.NewGuid();
        var writer = new GptImageWriter
        {
            Partitions =
            {
                new GptTestPartition(new Guid(DpsTypes.RootX86_64), GptImageWriterFirst(512), GptImageWriterFirst(512) + 99, "root-9"),
                new GptTestPartition(new Guid(DpsTypes.RootX86_64), GptImageWriterFirst(512) + 100, GptImageWriterFirst(512) + 199, "root-1", Unique: rootUuid),
                new GptTestPartition(new Guid(DpsTypes.RootVerityX86_64), GptImageWriterFirst(512) + 200, GptImageWriterFirst(512) + 299, "verity", Unique: verityUuid),
            },
        };
        string path = writer.WriteFile("sidecar.raw");
        File.WriteAllText(path[..^4] + ".roothash", rootUuid.ToString("N") + verityUuid.ToString("N") + "\n");

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);

        Assert.Equal("root-1", image.Root!.Label);
        Assert.NotNull(image.Sidecars.RootHashPath);
        Assert.Equal(32, image.Sidecars.RootHash.Length);
    }

    [Fact]
    public void Open_Directory_IsDirectoryImage()
    {
        string dir = TestImages.NewPath("dir-image");
        TestImages.WriteTree(dir);

        using DissectedImage image = DissectedImage.Open(dir);
        using IReadOnlyFileSystem fs = image.OpenRootFileSystem();

        Assert.True(image.IsDirectory);
        Assert.IsType<HostDirectoryFileSystem>(fs);
        Assert.True(ImagePathResolver.TryResolve(fs, "/etc/os-release", true, out ResolvedPath resolved));
        Assert.Equal("/usr/lib/os-release", resolved.CanonicalPath);
    }

    [Fact]
    public void OpenRootFileSystem_NoReader_Unsupported()
    {
        string path = Gpt(new GptImageWriter(), (DpsTypes.RootX86_64, "root", 0UL));
        TestImages.WriteAt(path, (long)GptImageWriterFirst(512) * 512, new byte[4]);

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);

        Assert.Null(image.Root!.FileSystemType);
        var e = Assert.Throws<UnsupportedImageException>(() => image.OpenRootFileSystem());
        Assert.Contains("partition 1 (root-x86-64)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenRootFileSystem_UsrOnly_SyntheticRootHoldsUsr()
    {
        string usrTree = TestImages.NewPath("usr-tree");
        Directory.CreateDirectory(Path.Join(usrTree, "lib"));
        File.WriteAllText(Path.Join(usrTree, "lib/os-release"), "ID=usronly\n");
        string path = Gpt(new GptImageWriter(), (DpsTypes.UsrX86_64, "usr", 0UL));
        TestImages.WriteAt(path, (long)GptImageWriterFirst(512) * 512, MagicFileSystemFormat.HostDirectoryPayload(usrTree));

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);
        using IReadOnlyFileSystem fs = image.OpenRootFileSystem();

        Assert.Equal(["usr"], fs.EnumerateDirectory(fs.Root).Select(e => e.Name));
        // systemd-dissect 262 --mtree shows this root as "./ type=dir mode=0777 uid=0 gid=0" (observed).
        Assert.Equal(Convert.ToUInt32("777", 8), fs.Root.Permissions);
        Assert.Equal((0u, 0u, FileType.Directory), (fs.Root.Uid, fs.Root.Gid, fs.Root.Type));
        Assert.True(ImagePathResolver.TryResolve(fs, "/usr/lib/os-release", true, out ResolvedPath r));
        using var reader = new StreamReader(fs.OpenRead(r.Node));
        Assert.Equal("ID=usronly\n", reader.ReadToEnd());
        Assert.False(ImagePathResolver.TryResolve(fs, "/etc/os-release", true, out _));
    }

    [Fact]
    public void OpenRootFileSystem_RootWithoutUsrDirectory_NoUsrMountPoint()
    {
        string rootTree = TestImages.NewPath("root-tree");
        Directory.CreateDirectory(Path.Join(rootTree, "etc"));
        string usrTree = TestImages.NewPath("usr-tree");
        Directory.CreateDirectory(Path.Join(usrTree, "lib"));
        string path = Gpt(new GptImageWriter(), (DpsTypes.RootX86_64, "root", 0UL), (DpsTypes.UsrX86_64, "usr", 0UL));
        TestImages.WriteAt(path, (long)GptImageWriterFirst(512) * 512, MagicFileSystemFormat.HostDirectoryPayload(rootTree));
        TestImages.WriteAt(path, (long)(GptImageWriterFirst(512) + 100) * 512, MagicFileSystemFormat.HostDirectoryPayload(usrTree));

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);

        var e = Assert.Throws<DissectionException>(() => image.OpenRootFileSystem());
        Assert.Equal(DissectionError.NoUsrMountPoint, e.Error);
        Assert.Equal("No such file or directory", DissectionMessages.For(e.Error, path));
    }

    [Fact]
    public void OpenRootFileSystem_RootAndUsr_UsrHidesRootsUsr()
    {
        string rootTree = TestImages.NewPath("root-tree");
        Directory.CreateDirectory(Path.Join(rootTree, "usr/lib"));
        Directory.CreateDirectory(Path.Join(rootTree, "etc"));
        File.WriteAllText(Path.Join(rootTree, "usr/lib/os-release"), "ID=hidden\n");
        File.CreateSymbolicLink(Path.Join(rootTree, "etc/os-release"), "../usr/lib/os-release");
        string usrTree = TestImages.NewPath("usr-tree");
        Directory.CreateDirectory(Path.Join(usrTree, "lib"));
        File.WriteAllText(Path.Join(usrTree, "lib/os-release"), "ID=fromusr\n");
        var writer = new GptImageWriter();
        string path = Gpt(writer, (DpsTypes.RootX86_64, "root", 0UL), (DpsTypes.UsrX86_64, "usr", 0UL));
        TestImages.WriteAt(path, (long)GptImageWriterFirst(512) * 512, MagicFileSystemFormat.HostDirectoryPayload(rootTree));
        TestImages.WriteAt(path, (long)(GptImageWriterFirst(512) + 100) * 512, MagicFileSystemFormat.HostDirectoryPayload(usrTree));

        using DissectedImage image = DissectedImage.Open(path, s_x86_64);
        using IReadOnlyFileSystem fs = image.OpenRootFileSystem();

        Assert.True(ImagePathResolver.TryResolve(fs, "/etc/os-release", true, out ResolvedPath r));
        using var reader = new StreamReader(fs.OpenRead(r.Node));
        Assert.Equal("ID=fromusr\n", reader.ReadToEnd());
        Assert.Equal(["etc", "usr"], fs.EnumerateDirectory(fs.Root).Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [RequiresFact("losetup", "root")]
    public void Open_LoopDevice_SizeFromDeviceAndSameDissection()
    {
        // st_size is 0 for block devices; ImageFile must ask the device. The loop device is read-only and detached at the end.
        string path = Gpt(new GptImageWriter(), (DpsTypes.RootX86_64, "root", 0UL));
        string device = ProcessRunner.RunChecked("losetup", "-f", "--show", "--read-only", path).Trim();
        try
        {
            using DissectedImage image = DissectedImage.Open(device, s_x86_64);

            Assert.Equal(new FileInfo(path).Length, image.Size);
            Assert.Equal("root", image.Root!.Label);
            Assert.False(image.UsedBackupGptHeader);
        }
        finally
        {
            ProcessRunner.Run("losetup", ["-d", device]);
        }
    }

    /// <summary>First usable LBA of a default <see cref="GptImageWriter"/> with the given sector size.</summary>
    private static ulong GptImageWriterFirst(int sectorSize) => new GptImageWriter { SectorSize = sectorSize }.FirstUsable;

    /// <summary>Writes a GPT whose partitions are 100 sectors each from the first usable LBA, each holding the squashfs magic.</summary>
    private static string Gpt(GptImageWriter writer, params (string Type, string Label, ulong Attributes)[] partitions)
    {
        ulong lba = writer.FirstUsable;
        foreach (var (type, label, attributes) in partitions)
        {
            writer.Partitions.Add(new GptTestPartition(new Guid(type), lba, lba + 99, label, attributes));
            lba += 100;
        }

        byte[] bytes = writer.Build();
        lba = writer.FirstUsable;
        foreach (var _ in partitions)
        {
            "hsqs"u8.CopyTo(bytes.AsSpan((int)(lba * (ulong)writer.SectorSize)));
            lba += 100;
        }

        string path = TestImages.NewPath("dps.raw");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
