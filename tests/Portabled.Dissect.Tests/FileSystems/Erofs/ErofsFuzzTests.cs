// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using Portabled.Dissect.FileSystems;
using Portabled.Testing;
using Xunit.Abstractions;

namespace Portabled.Dissect.Tests.FileSystems.Erofs;

/// <summary>
/// Mutation fuzzing over small real images: random byte and bit changes (biased towards the
/// metadata at the start of the image, with the superblock checksum recomputed half of the
/// time so deeper structures are reached), and truncation. Reading everything must either work
/// or fail with one of the reader's own exceptions, within a bounded time. The seed is printed;
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
        string source = variant switch
        {
            "plain" => _fixture.SmallImage("plain"),
            "lz4" => _fixture.SmallImage("lz4", "-zlz4"),
            _ => _fixture.SmallImage("lz4-big-ztailpacking", "-zlz4hc", "-C16384", "-Eztailpacking"),
        };
        byte[] original = File.ReadAllBytes(source);
        int iterations = EnvironmentInt("PORTABLED_FUZZ_ITERATIONS", DefaultIterations);
        int seed = EnvironmentInt("PORTABLED_FUZZ_SEED", DefaultSeed) ^ variant.Length;
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"erofs fuzz {variant}: seed {seed}, {iterations} iterations"));
        var random = new Random(seed);
        string path = _fixture.ScratchPath("fuzz-" + variant + ".erofs");
        int failures = 0;
        for (int i = 0; i < iterations; i++)
        {
            byte[] mutated = Mutate(original, random);
            File.WriteAllBytes(path, mutated);
            Exception? unexpected = RunBounded(path, out bool timedOut);
            if (timedOut || unexpected is not null)
            {
                failures++;
                string bad = _fixture.ScratchPath(string.Create(CultureInfo.InvariantCulture, $"fuzz-{variant}-failure-{i}.erofs"));
                File.Copy(path, bad, overwrite: true);
                Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"iteration {i} (seed {seed}) {(timedOut ? "timed out" : "threw " + unexpected)}; image kept at {bad}"));
            }
        }

        Assert.Equal(0, failures);
    }

    private static Exception? RunBounded(string image, out bool timedOut)
    {
        Exception? unexpected = null;
        var task = Task.Run(() =>
        {
            try
            {
                ErofsTreeReader.ReadEverything(image);
            }
            catch (Exception e) when (e is InvalidImageException or UnsupportedImageException or SymbolicLinkLoopException)
            {
            }
            catch (Exception e)
            {
                unexpected = e;
            }
        });
        timedOut = !task.Wait(s_iterationTimeout);
        return unexpected;
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
