// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Globalization;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Tests.Fixtures;
using Portabled.Testing;
using Xunit.Abstractions;

namespace Portabled.Dissect.Tests.FileSystems.SquashFs;

/// <summary>
/// Mutation fuzzing: flips bits, writes interesting values and truncates the small images, then
/// opens and walks the whole tree, reading every file. Only the image exceptions may come out, and
/// every iteration must finish within a timeout; the unmutated images must read and a fifth of the
/// mutations must be rejected as invalid. Wrong values in named superblock and table fields must be
/// rejected. The seed is fixed and printed;
/// PORTABLED_FUZZ_ITERATIONS (and PORTABLED_FUZZ_SEED) run longer or different campaigns.
/// </summary>
[Collection(SquashFsCollection.Name)]
public sealed class SquashFsFuzzTests
{
    private const int DefaultIterations = 300;
    private const int DefaultSeed = 0x5EED_5F5;
    private static readonly TimeSpan IterationTimeout = TimeSpan.FromSeconds(10);
    private static readonly uint[] InterestingValues = [0, 1, 2, 3, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000, 0x100_0000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF];

    private readonly SquashFsImageFixture _fixture;
    private readonly ITestOutputHelper _output;

    public SquashFsFuzzTests(SquashFsImageFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [RequiresFact("mksquashfs")]
    public void Walk_MutatedImages_ThrowOnlyImageExceptions()
    {
        int iterations = EnvironmentInt("PORTABLED_FUZZ_ITERATIONS", DefaultIterations);
        int seed = EnvironmentInt("PORTABLED_FUZZ_SEED", DefaultSeed);
        _output.WriteLine($"squashfs fuzz: seed {seed}, {iterations} iterations");

        // Uncompressed tables let mutations reach the structures directly; the compressed images
        // exercise every decompressor on damaged input.
        string[] bases =
        [
            _fixture.SmallImage(uncompressed: true),
            _fixture.SmallImage(uncompressed: false, "gzip"),
            _fixture.SmallImage(uncompressed: true),
            _fixture.SmallImage(uncompressed: false, "xz"),
            _fixture.SmallImage(uncompressed: true),
            _fixture.SmallImage(uncompressed: false, "lz4"),
            _fixture.SmallImage(uncompressed: false, "zstd"),
            _fixture.SmallImage(uncompressed: false, "lzo"),
            _fixture.SmallImage(uncompressed: false, "lzma"),
        ];
        byte[][] pristine = [.. bases.Select(File.ReadAllBytes)];
        string path = _fixture.CopyOf(bases[0], "fuzz.sqfs");
        var random = new Random(seed);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string image in bases.Distinct(StringComparer.Ordinal))
        {
            Assert.True(SquashFsTreeWalker.WalkAll(image) > 10, $"the unmutated {image} must read");
        }

        for (int i = 0; i < iterations; i++)
        {
            byte[] image = Mutate(pristine[i % pristine.Length], random);
            File.WriteAllBytes(path, image);
            string outcome = RunOne(path, seed, i);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        _output.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}")));
        if (iterations >= 100)
        {
            // Most mutations hit the superblock or the tables: a reader that accepted nearly all of them would not be validating.
            int invalid = outcomes.GetValueOrDefault(nameof(InvalidImageException));
            Assert.True(invalid >= iterations / 5, $"only {invalid} of {iterations} mutated images were rejected as invalid");
        }
    }

    [RequiresTheory("mksquashfs")]
    [InlineData(true)]
    [InlineData(false)]
    public void Walk_StructuralFieldMutated_Rejected(bool uncompressed)
    {
        string image = uncompressed ? _fixture.SmallImage(uncompressed: true) : _fixture.SmallImage(uncompressed: false, "gzip");
        byte[] original = File.ReadAllBytes(image);
        long inodeTable = BinaryPrimitives.ReadInt64LittleEndian(original.AsSpan(64));
        long directoryTable = BinaryPrimitives.ReadInt64LittleEndian(original.AsSpan(72));
        StructuralField[] fields =
        [
            new("s_magic", 0, 4),
            new("inodes", 4, 4),
            new("block_size", 12, 4),
            new("compression", 20, 2),
            new("block_log", 22, 2),
            new("no_ids", 26, 2),
            new("s_major", 28, 2),
            new("root_inode", 32, 8),
            new("bytes_used", 40, 8),
            new("id_table_start", 48, 8),
            new("inode_table_start", 64, 8),
            new("directory_table_start", 72, 8),
            new("inode table: first metadata block header", inodeTable, 2),
            new("directory table: first metadata block header", directoryTable, 2),
        ];
        int seed = EnvironmentInt("PORTABLED_FUZZ_SEED", DefaultSeed);
        var report = StructuralMutations.Run(original, fields, 10, seed, _fixture.CopyOf(image, "structural.sqfs"), null, path => SquashFsTreeWalker.WalkAll(path));
        string described = StructuralMutations.Describe(report);
        _output.WriteLine(described);
        Assert.Empty(StructuralMutations.NeverRejected(report));
        Assert.True(StructuralMutations.Count(report, StructuralMutations.Invalid) >= fields.Length * 10 / 2, described);
    }

    private static string RunOne(string path, int seed, int iteration)
    {
        var walk = Task.Run(() =>
        {
            try
            {
                SquashFsTreeWalker.WalkAll(path);
                return "ok";
            }
            catch (Exception e) when (e is InvalidImageException or UnsupportedImageException or SymbolicLinkLoopException)
            {
                return e.GetType().Name;
            }
        });
        if (!((IAsyncResult)walk).AsyncWaitHandle.WaitOne(IterationTimeout))
        {
            Assert.Fail($"seed {seed}, iteration {iteration}: the walk did not finish within {IterationTimeout}");
        }

        if (walk.Exception is { } failure)
        {
            Assert.Fail($"seed {seed}, iteration {iteration}: unexpected {failure.InnerException}");
        }

        return walk.Result;
    }

    private static byte[] Mutate(byte[] pristine, Random random)
    {
        byte[] image = (byte[])pristine.Clone();
        long inodeTable = BinaryPrimitives.ReadInt64LittleEndian(image.AsSpan(64));
        int structuresStart = (int)Math.Clamp(inodeTable, 0, image.Length - 1);
        int used = (int)Math.Clamp(BinaryPrimitives.ReadInt64LittleEndian(image.AsSpan(40)), 96, image.Length);
        int mutations = 1 + random.Next(6);
        for (int m = 0; m < mutations; m++)
        {
            // Most mutations hit the superblock or the tables, where the structures are.
            int position = random.Next(10) switch
            {
                0 => random.Next(96),
                < 8 => structuresStart + random.Next(Math.Max(1, used - structuresStart)),
                _ => random.Next(image.Length),
            };
            position = Math.Min(position, image.Length - 4);
            switch (random.Next(4))
            {
                case 0:
                    image[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    image[position] = (byte)random.Next(256);
                    break;
                case 2:
                    BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(position), (ushort)InterestingValues[random.Next(InterestingValues.Length)]);
                    break;
                default:
                    BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(position), InterestingValues[random.Next(InterestingValues.Length)]);
                    break;
            }
        }

        return random.Next(10) == 0 ? image[..random.Next(image.Length)] : image;
    }

    private static int EnvironmentInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;
}
