// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.Erofs;
using Portabled.Dissect.Tests.Fixtures;
using Portabled.Testing;
using Xunit.Abstractions;

namespace Portabled.Dissect.Tests.FileSystems.Erofs;

/// <summary>
/// Mutation fuzzing over small real images: random byte and bit changes (biased towards the
/// metadata at the start of the image, with the superblock checksum recomputed half of the
/// time so deeper structures are reached), and truncation. Reading everything must either work
/// or fail with one of the reader's own exceptions (or a directory cycle the walker reports), within a
/// bounded time; the unmutated image must read, and enough mutations must be rejected that the reader
/// is seen to validate. Wrong values in named structural fields must be rejected. The seed is printed;
/// PORTABLED_FUZZ_ITERATIONS raises the iteration count for long runs, PORTABLED_FUZZ_SEED
/// replays one.
/// </summary>
[Collection(ErofsImageCollection.Name)]
public sealed class ErofsFuzzTests
{
    private const int DefaultIterations = 300;
    private const int DefaultSeed = 0x5EED;
    private static readonly TimeSpan s_iterationTimeout = TimeSpan.FromSeconds(10);

    private readonly ErofsImageFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ErofsFuzzTests(ErofsImageFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [RequiresTheory("mkfs.erofs", "root")]
    [InlineData("plain")]
    [InlineData("lz4")]
    [InlineData("lz4-big-ztailpacking")]
    public void ReadEverything_MutatedImage_FailsOnlyWithImageExceptions(string variant)
    {
        string source = SourceImage(variant);
        byte[] original = File.ReadAllBytes(source);
        Assert.True(ErofsTreeReader.ReadEverything(source) > 40, "the unmutated image must read");
        int iterations = EnvironmentInt("PORTABLED_FUZZ_ITERATIONS", DefaultIterations);
        int seed = EnvironmentInt("PORTABLED_FUZZ_SEED", DefaultSeed) ^ variant.Length;
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"erofs fuzz {variant}: seed {seed}, {iterations} iterations"));
        var random = new Random(seed);
        string path = _fixture.ScratchPath("fuzz-" + variant + ".erofs");
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < iterations; i++)
        {
            byte[] mutated = Mutate(original, random);
            File.WriteAllBytes(path, mutated);
            string? outcome = RunBounded(path, out string? problem);
            if (outcome is null)
            {
                // Keep the image and go on, so one run reports every failing iteration.
                string bad = _fixture.ScratchPath(string.Create(CultureInfo.InvariantCulture, $"fuzz-{variant}-failure-{i}.erofs"));
                File.Copy(path, bad, overwrite: true);
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"iteration {i} (seed {seed}) {problem}; image kept at {bad}"));
                continue;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        _output.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}")));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        if (iterations >= 100)
        {
            // Most mutations land in metadata: a reader that accepted nearly all of them would not be validating.
            Assert.True(outcomes.GetValueOrDefault(nameof(InvalidImageException)) >= iterations / 5,
                $"only {outcomes.GetValueOrDefault(nameof(InvalidImageException))} of {iterations} mutated images were rejected as invalid");
        }
    }

    [RequiresTheory("mkfs.erofs", "root")]
    [InlineData("plain")]
    [InlineData("lz4")]
    public void ReadEverything_StructuralFieldMutated_Rejected(string variant)
    {
        string source = SourceImage(variant);
        var editor = new ErofsImageEditor(source);
        ErofsInode root = editor.Inode("/");
        ErofsInode sub = editor.Inode("/dir/sub");
        long dirents = editor.DataPosition(root);
        StructuralField[] fields =
        [
            new("superblock magic", 1024, 4),
            new("superblock blkszbits", 1024 + 12, 1),
            new("superblock root_nid", 1024 + 14, 2),
            new("superblock blocks", 1024 + 36, 4),
            new("superblock meta_blkaddr", 1024 + 40, 4),
            new("superblock feature_incompat", 1024 + 80, 4),
            new("root i_format", root.Position, 2),
            new("root i_mode", root.Position + 4, 2),
            new("root i_size", root.Position + 8, 4),
            new("root dirent[0] nameoff", dirents + 8, 2),
            new("root dirent[2] nid", dirents + 24, 8),
            new("/dir/sub i_format", sub.Position, 2),
        ];
        int seed = EnvironmentInt("PORTABLED_FUZZ_SEED", DefaultSeed) ^ variant.Length;
        var report = StructuralMutations.Run(editor.Bytes, fields, 10, seed, _fixture.ScratchPath("structural-" + variant + ".erofs"),
            ErofsImageEditor.FixChecksum, image => ErofsTreeReader.ReadEverything(image));
        string described = StructuralMutations.Describe(report);
        _output.WriteLine(described);
        Assert.Empty(StructuralMutations.NeverRejected(report));
        Assert.True(StructuralMutations.Count(report, StructuralMutations.Invalid) >= fields.Length * 10 / 2, described);
    }

    private string SourceImage(string variant) => variant switch
    {
        "plain" => _fixture.SmallImage("plain"),
        "lz4" => _fixture.SmallImage("lz4", "-zlz4"),
        _ => _fixture.SmallImage("lz4-big-ztailpacking", "-zlz4hc", "-C16384", "-Eztailpacking"),
    };

    // The outcome's name, or null with the problem when the read hung or threw something else.
    private static string? RunBounded(string image, out string? problem)
    {
        problem = null;
        Task<string> task = Task.Run(() =>
        {
            try
            {
                ErofsTreeReader.ReadEverything(image);
                return "ok";
            }
            catch (Exception e) when (e is InvalidImageException or UnsupportedImageException or SymbolicLinkLoopException or DirectoryCycleException)
            {
                return e.GetType().Name;
            }
        });
        try
        {
            if (!task.Wait(s_iterationTimeout))
            {
                problem = $"still reading after {s_iterationTimeout.TotalSeconds} s";
                return null;
            }
        }
        catch (AggregateException e)
        {
            problem = "threw " + e.InnerException;
            return null;
        }

        return task.Result;
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] bytes = (byte[])original.Clone();
        int blockSize = 1 << bytes[1024 + 12];
        int metadata = Math.Min(bytes.Length, 3 * blockSize);
        int mutations = random.Next(1, 9);
        for (int m = 0; m < mutations; m++)
        {
            int at = random.Next(4) == 0 ? random.Next(bytes.Length) : random.Next(metadata);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes[at] = random.Next(2) == 0 ? (byte)0 : (byte)0xFF;
                    break;
                default:
                    // Nudge a little-endian u16/u32 field up or down.
                    bytes[at] = (byte)(bytes[at] + random.Next(-3, 4));
                    break;
            }
        }

        if (random.Next(2) == 0)
        {
            ErofsImageEditor.FixChecksum(bytes);
        }

        if (random.Next(20) == 0)
        {
            bytes = bytes[..random.Next(bytes.Length)];
        }

        return bytes;
    }

    private static int EnvironmentInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;
}
