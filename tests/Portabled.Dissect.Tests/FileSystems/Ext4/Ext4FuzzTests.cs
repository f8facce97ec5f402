// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics;
using System.Globalization;
using Portabled.Dissect.FileSystems;
using Portabled.Testing;
using Xunit.Abstractions;

namespace Portabled.Dissect.Tests.FileSystems.Ext4;

/// <summary>
/// Mutation fuzzing: random bytes of the metadata area (superblock, descriptors, bitmaps, inode
/// tables, directories and extent/indirect blocks of the small images) are replaced, then the whole
/// tree is walked and every file read. Only the reader's typed exceptions may come out, and each
/// iteration must finish within <see cref="IterationTimeout"/>. The seed is fixed and printed;
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
    }

    private static string RunIteration(string image, string description)
    {
        var watch = Stopwatch.StartNew();
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

        Assert.True(watch.Elapsed < IterationTimeout, description);
        return task.Result;
    }

    private static int EnvironmentInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : fallback;
}
