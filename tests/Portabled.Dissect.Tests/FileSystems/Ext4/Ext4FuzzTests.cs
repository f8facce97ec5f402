// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.Ext4;
using Portabled.Dissect.Tests.Fixtures;
using Portabled.Testing;
using Xunit.Abstractions;

namespace Portabled.Dissect.Tests.FileSystems.Ext4;

/// <summary>
/// Mutation fuzzing: random bytes of the metadata area (superblock, descriptors, bitmaps, inode
/// tables, directories and extent/indirect blocks of the small images) are replaced, then the whole
/// tree is walked and every file read. Only the reader's typed exceptions may come out, and each
/// iteration must finish within <see cref="IterationTimeout"/>; the unmutated images must read and a
/// tenth of the mutations must be rejected as invalid. Wrong values in named structural fields must
/// be rejected. The seed is fixed and printed;
/// <c>PORTABLED_FUZZ_ITERATIONS</c> and <c>PORTABLED_FUZZ_SEED</c> override the defaults for long runs.
/// </summary>
[Collection(Ext4ImageCollection.Name)]
public sealed class Ext4FuzzTests
{
    private const int DefaultIterations = 300;
    private const int DefaultSeed = 0x0E754;

    /// <summary>Bytes of each image that are mutated: the small images keep all their metadata there.</summary>
    private const int MetadataArea = 192 * 1024;

    private static readonly TimeSpan IterationTimeout = TimeSpan.FromSeconds(20);

    private static readonly string[] s_bases = ["small-nocsum-1k", "small-ext2-1k", "small-inline-1k", "small-nocsum", "small-csum"];

    private readonly Ext4ImageFixture _fixture;
    private readonly ITestOutputHelper _output;

    /// <summary>Gets the shared images and the output sink for the seed.</summary>
    public Ext4FuzzTests(Ext4ImageFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [RequiresFact("mke2fs")]
    public void Walk_MutatedMetadata_ThrowsOnlyImageExceptions()
    {
        int iterations = EnvironmentInt("PORTABLED_FUZZ_ITERATIONS", DefaultIterations);
        int seed = EnvironmentInt("PORTABLED_FUZZ_SEED", DefaultSeed);
        _output.WriteLine($"ext4 fuzz: {iterations} iterations, seed {seed} (PORTABLED_FUZZ_SEED)");
        var random = new Random(seed);
        var work = s_bases.Select(b => (
            Copy: _fixture.CopyOf(b, "fuzz-" + b),
            Original: File.ReadAllBytes(_fixture.Image(b)),
            Ranges: Ext4TestImages.MetadataRanges(_fixture.Image(b)))).ToArray();
        foreach (string b in s_bases)
        {
            Assert.True(Ext4TestImages.Walk(_fixture.Image(b), maxFileBytes: 1 << 20, maxNodes: 10_000) > 10, $"the unmutated {b} must read");
        }

        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < iterations; i++)
        {
            (string copy, byte[] original, List<(long Offset, int Length)> ranges) = work[i % work.Length];
            int area = Math.Min(original.Length, MetadataArea);
            var changed = new List<int>();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                // Mostly structures the reader interprets; sometimes anywhere in the metadata area
                // (bitmaps, extent and indirect blocks, extended attributes).
                (long offset, int length) = ranges[random.Next(ranges.Count)];
                int at = random.Next(4) == 0 ? 1024 + random.Next(area - 1024) : (int)offset + random.Next(length);
                byte value = (byte)(original[at] ^ (1 + random.Next(255)));
                Ext4TestImages.Patch(copy, at, [value]);
                changed.Add(at);
            }

            string outcome = RunIteration(copy, $"iteration {i} (seed {seed}, {Path.GetFileName(copy)}, offsets {string.Join(',', changed)})");
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            foreach (int at in changed)
            {
                Ext4TestImages.Patch(copy, at, original.AsSpan(at, 1));
            }
        }

        _output.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}")));
        if (iterations >= 100)
        {
            // Most flips hit structures the reader interprets: a reader that accepted nearly all of them would not be validating.
            int invalid = outcomes.GetValueOrDefault(nameof(InvalidImageException));
            Assert.True(invalid >= iterations / 10, $"only {invalid} of {iterations} mutated images were rejected as invalid");
        }
    }

    [RequiresTheory("mke2fs")]
    [InlineData("small-nocsum")]
    [InlineData("small-nocsum-1k")]
    public void Walk_StructuralFieldMutated_Rejected(string variant)
    {
        // Images without metadata_csum, so what rejects a wrong value is the field's own validation.
        string image = _fixture.Image(variant);
        byte[] original = File.ReadAllBytes(image);
        long descriptors;
        long rootInode;
        long rootDirectoryBlock;
        using (ImageFile file = ImageFile.Open(image))
        using (var fs = new Ext4FileSystem(file.Whole))
        {
            descriptors = fs.BlockSize == 1024 ? 2048 : fs.BlockSize;
            (long block, int within) = fs.LocateInode(2);
            rootInode = (block * fs.BlockSize) + within;
            rootDirectoryBlock = fs.MapBlock(fs.ReadInode(2), 0).Physical * fs.BlockSize;
        }

        const int SuperBlock = 1024;
        StructuralField[] fields =
        [
            new("s_inodes_count", SuperBlock + 0x00, 4),
            new("s_blocks_count_lo", SuperBlock + 0x04, 4),
            new("s_first_data_block", SuperBlock + 0x14, 4),
            new("s_log_block_size", SuperBlock + 0x18, 4),
            new("s_blocks_per_group", SuperBlock + 0x20, 4),
            new("s_inodes_per_group", SuperBlock + 0x28, 4),
            new("s_magic", SuperBlock + 0x38, 2),
            new("s_inode_size", SuperBlock + 0x58, 2),
            new("s_feature_incompat", SuperBlock + 0x60, 4),
            new("bg_inode_table_lo", descriptors + 0x08, 4),
            new("root i_mode", rootInode + 0x00, 2),
            new("root extent eh_magic", rootInode + 0x28, 2),
            new("root extent eh_entries", rootInode + 0x28 + 2, 2),
            new("root extent eh_depth", rootInode + 0x28 + 6, 2),
            new("root extent ee_start_lo", rootInode + 0x28 + 12 + 8, 4),
            new("root dirent rec_len", rootDirectoryBlock + 4, 2),
        ];
        int seed = EnvironmentInt("PORTABLED_FUZZ_SEED", DefaultSeed);
        var report = StructuralMutations.Run(original, fields, 10, seed, _fixture.CopyOf(variant, "structural-" + variant), null,
            path => Ext4TestImages.Walk(path, maxFileBytes: 1 << 20, maxNodes: 10_000));
        string described = StructuralMutations.Describe(report);
        _output.WriteLine(described);
        Assert.Empty(StructuralMutations.NeverRejected(report));
        Assert.True(StructuralMutations.Count(report, StructuralMutations.Invalid) >= fields.Length * 10 / 2, described);
    }

    // The iteration's outcome; a walk still running after IterationTimeout (a hang) or any other
    // exception fails the test.
    private static string RunIteration(string image, string description)
    {
        Task<string> task = Task.Run(() =>
        {
            try
            {
                Ext4TestImages.Walk(image, maxFileBytes: 1 << 20, maxNodes: 10_000);
                return "ok";
            }
            catch (InvalidImageException)
            {
                return nameof(InvalidImageException);
            }
            catch (UnsupportedImageException)
            {
                return nameof(UnsupportedImageException);
            }
            catch (SymbolicLinkLoopException)
            {
                return nameof(SymbolicLinkLoopException);
            }
        });
        try
        {
            if (!task.Wait(IterationTimeout))
            {
                Assert.Fail($"{description}: still running after {IterationTimeout.TotalSeconds} s");
            }
        }
        catch (AggregateException e)
        {
            Assert.Fail($"{description}: {e.InnerException}");
        }

        return task.Result;
    }

    private static int EnvironmentInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : fallback;
}
