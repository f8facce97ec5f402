// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Globalization;
using Portabled.Dissect.FileSystems;
using Portabled.Testing;
using Xunit.Abstractions;

namespace Portabled.Dissect.Tests.FileSystems;

/// <summary>
/// Hostile xattr structures: named cases patching one field each (squashfs id table, id entries,
/// entries and out-of-line values; ext4 in-inode entries, the i_file_acl block and ACL values; erofs
/// inline and shared entries), then a seeded mutation fuzz of the xattr images. Listing every node's
/// attributes may only raise the image exceptions, and must always finish.
/// </summary>
[Collection(ExtendedAttributeImageCollection.Name)]
public sealed class ExtendedAttributeCorruptionTests
{
    private const int DefaultIterations = 300;
    private const int DefaultSeed = 0x0EA7_7E5;
    private static readonly TimeSpan IterationTimeout = TimeSpan.FromSeconds(10);
    private static readonly uint[] InterestingValues = [0, 1, 2, 3, 4, 8, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000, 0x7FFF_FFFF, 0xFFFF_FFFF];

    private readonly ExtendedAttributeImageFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ExtendedAttributeCorruptionTests(ExtendedAttributeImageFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    public static TheoryData<string> Cases => [.. ExtendedAttributeCorruptions.All.Keys.Order(StringComparer.Ordinal)];

    [RequiresTheory("setfattr", "mksquashfs", "mkfs.ext4", "mkfs.erofs")]
    [MemberData(nameof(Cases))]
    public void ListExtendedAttributes_CorruptStructure_ThrowsImageException(string name)
    {
        ExtendedAttributeCorruption corruption = ExtendedAttributeCorruptions.All[name];
        string path = _fixture.CopyOf(corruption.Variant, $"corrupt-{name}.img");
        corruption.Patch(new ExtendedAttributeImageMap(path), path);

        Exception e = Assert.ThrowsAny<Exception>(() => ListAll(path));

        Assert.IsType(corruption.Expected, e);
        Assert.Contains(corruption.MessagePart, e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        if (e is InvalidImageException)
        {
            Assert.Contains(" at byte ", e.Message, StringComparison.Ordinal);
        }
    }

    [RequiresFact("setfattr", "mksquashfs")]
    public void ListExtendedAttributes_SquashFsUnknownType_IsSkipped()
    {
        string path = _fixture.CopyOf("squashfs-uncompressed", "unknown-type.img");
        var map = new ExtendedAttributeImageMap(path);
        long entry = map.SquashFsFirstEntry("/user");
        int before = Count(path, "/user");
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.Write(handle, [7, 0], entry);
        }

        Assert.Equal(before - 1, Count(path, "/user"));
    }

    public static TheoryData<string> FuzzVariants => ["squashfs-uncompressed", "squashfs", "ext4-nocsum", "ext4", "erofs-shared"];

    [RequiresTheory("setfattr", "mksquashfs", "mkfs.ext4", "mkfs.erofs")]
    [MemberData(nameof(FuzzVariants))]
    public void ListExtendedAttributes_MutatedImages_ThrowOnlyImageExceptions(string variant)
    {
        int iterations = EnvironmentInt("PORTABLED_FUZZ_ITERATIONS", DefaultIterations);
        int seed = EnvironmentInt("PORTABLED_FUZZ_SEED", DefaultSeed);
        _output.WriteLine($"xattr fuzz of {variant}: seed {seed}, {iterations} iterations");
        string path = _fixture.CopyOf(variant, $"fuzz-{variant}.img");
        IReadOnlyList<(long Offset, int Length)> ranges = XattrRanges(variant, path);
        byte[] pristine = File.ReadAllBytes(path);
        var random = new Random(seed);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        for (int i = 0; i < iterations; i++)
        {
            // Mutations are written in place and undone afterwards: the images are megabytes, the changes bytes.
            List<long> touched = Mutate(handle, ranges, pristine.Length, random);
            string outcome = RunOne(path, ExtendedAttributeImageFixture.FileSystemType(variant), seed, i);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            foreach (long position in touched)
            {
                RandomAccess.Write(handle, pristine.AsSpan((int)position, 4), position);
            }
        }

        _output.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}")));
        Assert.True(outcomes.Count > 1, "every mutation gave the same outcome; the fuzz does not reach the xattr structures");
    }

    private static IReadOnlyList<string> ListAll(string image, string? formatName = null)
    {
        using OpenedTestImage opened = OpenedTestImage.Open(image, formatName);
        return ExtendedAttributeListing.FromFileSystem(opened.FileSystem);
    }

    private static int Count(string image, string path)
    {
        using OpenedTestImage opened = OpenedTestImage.Open(image);
        Assert.True(ImagePathResolver.TryResolve(opened.FileSystem, path, followFinalSymlink: false, out ResolvedPath resolved));
        return opened.FileSystem.ListExtendedAttributes(resolved.Node).Count;
    }

    /// <summary>Where the xattr structures of the pristine image are: mutations mostly land there.</summary>
    private static List<(long Offset, int Length)> XattrRanges(string variant, string path)
    {
        var map = new ExtendedAttributeImageMap(path);
        long length = new FileInfo(path).Length;
        var ranges = new List<(long Offset, int Length)>();
        if (variant.StartsWith("squashfs", StringComparison.Ordinal))
        {
            long start = variant == "squashfs-uncompressed" ? map.SquashFsXattrTable : 96;
            ranges.Add((start, (int)(length - start)));
        }
        else if (variant.StartsWith("ext4", StringComparison.Ordinal))
        {
            foreach (string node in new[] { "/", "/user", "/labels", "/big", "/big2", "/many", "/long-name", "/acl", "/acldir", "/dir" })
            {
                ranges.Add((map.Ext4Inode(node), 256));
                long block = map.Ext4XattrBlock(node);
                if (block != 0)
                {
                    ranges.Add((block, 4096));
                }
            }
        }
        else
        {
            ranges.Add((0, (int)length));
        }

        return ranges;
    }

    private static List<long> Mutate(Microsoft.Win32.SafeHandles.SafeFileHandle handle, IReadOnlyList<(long Offset, int Length)> ranges, long length, Random random)
    {
        var touched = new List<long>();
        int mutations = 1 + random.Next(4);
        Span<byte> b = stackalloc byte[4];
        for (int m = 0; m < mutations; m++)
        {
            (long offset, int size) = ranges[random.Next(ranges.Count)];
            long position = Math.Min(offset + random.Next(Math.Max(1, size)), length - 4);
            RandomAccess.Read(handle, b, position);
            switch (random.Next(4))
            {
                case 0:
                    b[0] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    b[0] = (byte)random.Next(256);
                    break;
                case 2:
                    BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)InterestingValues[random.Next(InterestingValues.Length)]);
                    break;
                default:
                    BinaryPrimitives.WriteUInt32LittleEndian(b, InterestingValues[random.Next(InterestingValues.Length)]);
                    break;
            }

            RandomAccess.Write(handle, b, position);
            touched.Add(position);
        }

        return touched;
    }

    private static string RunOne(string path, string formatName, int seed, int iteration)
    {
        var walk = Task.Run(() =>
        {
            try
            {
                ListAll(path, formatName);
                return "ok";
            }
            catch (Exception e) when (e is InvalidImageException or UnsupportedImageException or SymbolicLinkLoopException)
            {
                return e.GetType().Name;
            }
        });
        if (!((IAsyncResult)walk).AsyncWaitHandle.WaitOne(IterationTimeout))
        {
            Assert.Fail($"seed {seed}, iteration {iteration}: listing did not finish within {IterationTimeout}");
        }

        if (walk.Exception is { } failure)
        {
            Assert.Fail($"seed {seed}, iteration {iteration}: unexpected {failure.InnerException}");
        }

        return walk.Result;
    }

    private static int EnvironmentInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;
}
