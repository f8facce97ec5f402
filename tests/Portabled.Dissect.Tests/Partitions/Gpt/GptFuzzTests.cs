// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Checksums;
using System.Buffers.Binary;
using System.Globalization;
using Portabled.Dissect.Dissection;
using Portabled.Dissect.Partitions;
using Portabled.Dissect.Partitions.Gpt;
using Portabled.Dissect.Tests.Fixtures;
using Xunit.Abstractions;

namespace Portabled.Dissect.Tests.Partitions.Gpt;

/// <summary>
/// Bounded mutation fuzzing of a small GPT image: random bytes of the MBR, headers and entry arrays
/// are changed (half the time with the CRCs recomputed, so validation goes past them), and the image
/// is sometimes truncated. Only <see cref="InvalidImageException"/> and
/// <see cref="UnsupportedImageException"/> may escape; the unmutated image must read and a tenth of
/// the mutations must be rejected as invalid. PORTABLED_FUZZ_ITERATIONS and
/// PORTABLED_FUZZ_SEED override the defaults (300 iterations, seed printed).
/// </summary>
public class GptFuzzTests(ITestOutputHelper output)
{
    private const int SectorSize = 512;

    [Fact]
    public void Dissect_MutatedGpt_OnlyImageExceptions()
    {
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("PORTABLED_FUZZ_ITERATIONS"), CultureInfo.InvariantCulture, out int n) ? n : 300;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("PORTABLED_FUZZ_SEED"), CultureInfo.InvariantCulture, out int s) ? s : 20261123;
        output.WriteLine($"GPT fuzz: seed {seed}, {iterations} iterations (PORTABLED_FUZZ_SEED / PORTABLED_FUZZ_ITERATIONS)");

        byte[] original = Build();
        var random = new Random(seed);
        string path = TestImages.NewPath("fuzz.raw");
        var options = new DissectionOptions { Architecture = "x86-64", FileSystemFormats = MagicFileSystemFormat.All };
        int accepted = 0;
        int invalidTables = 0;
        File.WriteAllBytes(path, original);
        using (ImageFile pristine = ImageFile.Open(path))
        {
            Assert.Equal(3, GptPartitionTable.Read(pristine.Whole).Entries.Count);
        }

        for (int i = 0; i < iterations; i++)
        {
            byte[] image = Mutate(original, random);
            File.WriteAllBytes(path, image);
            try
            {
                using (DissectedImage dissected = DissectedImage.Open(path, options))
                {
                    accepted++;
                }

                using ImageFile file = ImageFile.Open(path);
                _ = GptPartitionTable.Read(file.Whole);
            }
            catch (InvalidImageException)
            {
                invalidTables++;
            }
            catch (UnsupportedImageException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"iteration {i} (seed {seed}): {e.GetType().Name} escaped: {e}");
            }
        }

        output.WriteLine($"{accepted} of {iterations} mutated images still dissected, {invalidTables} rejected as invalid");
        if (iterations >= 100)
        {
            // The backup header rescues many damaged primaries, but not most damage to both copies and the MBR.
            Assert.True(invalidTables >= iterations / 10, $"only {invalidTables} of {iterations} mutated images were rejected as invalid");
        }
    }

    /// <summary>
    /// One header field at a time gets a wrong value in both copies (the CRCs recomputed, so the
    /// backup cannot stand in for the primary and the checksum is not what rejects it); so do the
    /// protective MBR's type and signature. Reading the table must fail as invalid.
    /// </summary>
    [Fact]
    public void Read_StructuralFieldMutated_Rejected()
    {
        byte[] original = Build();
        int backup = original.Length - SectorSize;
        (string Name, int Offset, int Width)[] header =
        [
            ("Signature", 0, 8),
            ("HeaderSize", 12, 4),
            ("MyLBA", 24, 8),
            ("FirstUsableLBA", 40, 8),
            ("LastUsableLBA", 48, 8),
            ("PartitionEntryLBA", 72, 8),
            ("NumberOfPartitionEntries", 80, 4),
            ("SizeOfPartitionEntry", 84, 4),
        ];
        var fields = new List<StructuralField> { new("PMBR record type", 446 + 4, 1), new("MBR signature", 510, 2) };
        fields.AddRange(header.Select(h => new StructuralField("header " + h.Name, SectorSize + h.Offset, h.Width)));
        int seed = int.TryParse(Environment.GetEnvironmentVariable("PORTABLED_FUZZ_SEED"), CultureInfo.InvariantCulture, out int s) ? s : 20261123;
        var report = StructuralMutations.Run(original, fields, 10, seed, TestImages.NewPath("structural.raw"),
            image =>
            {
                // The wrong primary field goes into the backup too, then both CRCs are fixed.
                foreach ((string _, int offset, int width) in header)
                {
                    if (!image.AsSpan(SectorSize + offset, width).SequenceEqual(original.AsSpan(SectorSize + offset, width)))
                    {
                        image.AsSpan(SectorSize + offset, width).CopyTo(image.AsSpan(backup + offset, width));
                    }
                }

                FixCrcs(image, SectorSize);
                FixCrcs(image, backup);
            },
            path =>
            {
                using ImageFile file = ImageFile.Open(path);
                _ = GptPartitionTable.Read(file.Whole);
            });
        string described = StructuralMutations.Describe(report);
        output.WriteLine(described);
        Assert.Empty(StructuralMutations.NeverRejected(report));
        Assert.True(StructuralMutations.Count(report, StructuralMutations.Invalid) >= fields.Count * 10 * 3 / 4, described);
    }

    private static byte[] Build() => new GptImageWriter
    {
        TotalSectors = 256,
        Partitions =
        {
            new GptTestPartition(new Guid(DpsTypes.RootX86_64), 40, 89, "root-1"),
            new GptTestPartition(new Guid(DpsTypes.RootX86_64), 90, 139, "root-2"),
            new GptTestPartition(new Guid(DpsTypes.RootVerityX86_64), 140, 189, "verity"),
        },
    }.Build();

    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] image = (byte[])original.Clone();
        int mutations = random.Next(1, 9);
        for (int m = 0; m < mutations; m++)
        {
            // Aim at the structures: MBR, primary header and entries, backup entries and header.
            int region = random.Next(4);
            int offset = region switch
            {
                0 => random.Next(0, SectorSize),
                1 => SectorSize + random.Next(0, 92),
                2 => (2 * SectorSize) + random.Next(0, 4 * 128),
                _ => image.Length - SectorSize + random.Next(0, 92),
            };
            image[offset] = random.Next(3) switch
            {
                0 => (byte)(image[offset] ^ (1 << random.Next(8))),
                1 => (byte)random.Next(256),
                _ => 0xFF,
            };
        }

        if (random.Next(2) == 0)
        {
            FixCrcs(image, SectorSize);
            FixCrcs(image, image.Length - SectorSize);
        }

        if (random.Next(10) == 0)
        {
            Array.Resize(ref image, random.Next(0, image.Length));
        }

        return image;
    }

    /// <summary>Recomputes the entry-array and header CRCs of the header at <paramref name="headerOffset"/>, where the fields allow.</summary>
    private static void FixCrcs(byte[] image, int headerOffset)
    {
        Span<byte> h = image.AsSpan(headerOffset, SectorSize);
        ulong entryLba = BinaryPrimitives.ReadUInt64LittleEndian(h[72..]);
        ulong arrayBytes = (ulong)BinaryPrimitives.ReadUInt32LittleEndian(h[80..]) * BinaryPrimitives.ReadUInt32LittleEndian(h[84..]);
        if (entryLba < (ulong)(image.Length / SectorSize) && arrayBytes <= (ulong)image.Length - (entryLba * SectorSize))
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h[88..], Crc32.Compute(image.AsSpan((int)entryLba * SectorSize, (int)arrayBytes)));
        }

        uint size = BinaryPrimitives.ReadUInt32LittleEndian(h[12..]);
        if (size is >= 92 and <= SectorSize)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h[16..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(h[16..], Crc32.Compute(h[..(int)size]));
        }
    }
}
