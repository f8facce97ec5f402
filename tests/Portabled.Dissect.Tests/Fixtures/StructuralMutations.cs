// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using Portabled.Dissect.FileSystems;

namespace Portabled.Dissect.Tests.Fixtures;

/// <summary>
/// The other half of a mutation fuzz: besides "nothing but the image exceptions comes out", a reader
/// must actually notice damage. Writes wrong values into named structural fields of a good image
/// (one field at a time: random, zero, all ones, off by one, one bit flipped), reads the result with
/// the given action (bounded in time) and counts what came out per field. Anything but the image
/// exceptions, or a read that does not finish, fails the test at once.
/// </summary>
internal static class StructuralMutations
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    /// <summary>Outcome names.</summary>
    public const string Invalid = nameof(InvalidImageException);

    /// <summary>Outcome of a read that raised <see cref="UnsupportedImageException"/>.</summary>
    public const string Unsupported = nameof(UnsupportedImageException);

    /// <summary>Outcome of a read that hit too many symlinks.</summary>
    public const string Loop = nameof(SymbolicLinkLoopException);

    /// <summary>Outcome of a read that went through.</summary>
    public const string Accepted = "ok";

    /// <summary>
    /// Runs <paramref name="valuesPerField"/> wrong values through every field. <paramref name="fix"/>
    /// (checksums) runs after each write, so validation gets past the checksums to the field itself.
    /// Returns outcome → count, per field name.
    /// </summary>
    public static Dictionary<string, Dictionary<string, int>> Run(byte[] original, IReadOnlyList<StructuralField> fields, int valuesPerField, int seed,
        string scratchPath, Action<byte[]>? fix, Action<string> read)
    {
        var random = new Random(seed);
        var report = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (StructuralField field in fields)
        {
            var counts = report[field.Name] = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int v = 0; v < valuesPerField; v++)
            {
                byte[] image = (byte[])original.Clone();
                Span<byte> target = image.AsSpan((int)field.Offset, field.Width);
                WriteWrongValue(target, original.AsSpan((int)field.Offset, field.Width), v, random);
                fix?.Invoke(image);
                File.WriteAllBytes(scratchPath, image);
                string outcome = ReadBounded(scratchPath, read, $"{field.Name} (value {v}, seed {seed})");
                counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
            }
        }

        return report;
    }

    /// <summary>How many reads of all fields ended with <paramref name="outcome"/>.</summary>
    public static int Count(Dictionary<string, Dictionary<string, int>> report, string outcome) =>
        report.Values.Sum(c => c.GetValueOrDefault(outcome));

    /// <summary>The report as one line per field, for the test output and failure messages.</summary>
    public static string Describe(Dictionary<string, Dictionary<string, int>> report) =>
        string.Join("\n", report.Select(f => $"{f.Key}: " + string.Join(", ", f.Value.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}"))));

    /// <summary>The fields that no wrong value made the reader reject.</summary>
    public static IEnumerable<string> NeverRejected(Dictionary<string, Dictionary<string, int>> report) =>
        report.Where(f => f.Value.GetValueOrDefault(Invalid) + f.Value.GetValueOrDefault(Unsupported) == 0).Select(f => f.Key);

    private static void WriteWrongValue(Span<byte> target, ReadOnlySpan<byte> original, int attempt, Random random)
    {
        do
        {
            switch ((attempt + random.Next(2)) % 5)
            {
                case 0:
                    random.NextBytes(target);
                    break;
                case 1:
                    target.Clear();
                    break;
                case 2:
                    target.Fill(0xFF);
                    break;
                case 3:
                    original.CopyTo(target);
                    AddSmall(target, random.Next(2) == 0 ? 1 : -1);
                    break;
                default:
                    original.CopyTo(target);
                    target[random.Next(target.Length)] ^= (byte)(1 << random.Next(8));
                    break;
            }

            attempt++;
        }
        while (target.SequenceEqual(original));
    }

    // A little-endian field nudged by ±1 (wrapping), whatever its width.
    private static void AddSmall(Span<byte> field, int delta)
    {
        Span<byte> wide = stackalloc byte[8];
        field.CopyTo(wide);
        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(wide) + (ulong)(long)delta;
        BinaryPrimitives.WriteUInt64LittleEndian(wide, value);
        wide[..field.Length].CopyTo(field);
    }

    private static string ReadBounded(string path, Action<string> read, string description)
    {
        Task<string> task = Task.Run(() =>
        {
            try
            {
                read(path);
                return Accepted;
            }
            catch (InvalidImageException)
            {
                return Invalid;
            }
            catch (UnsupportedImageException)
            {
                return Unsupported;
            }
            catch (SymbolicLinkLoopException)
            {
                return Loop;
            }
        });
        try
        {
            Assert.True(task.Wait(s_timeout), $"{description}: still reading after {s_timeout.TotalSeconds} s");
        }
        catch (AggregateException e)
        {
            Assert.Fail($"{description}: {e.InnerException}");
        }

        return task.Result;
    }
}
