// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Verity;

/// <summary>The whole-tree check (<c>portabled-dissect --verify</c>, like <c>veritysetup verify</c>).</summary>
public sealed partial class VerityHashTree
{
    // About 1 MiB of data per unit of work: big sequential reads, few lock round trips.
    private const int ChunkBytes = 1 << 20;

    /// <summary>
    /// Reads and checks every data block, and with them every hash block, in chunks spread over up to
    /// <paramref name="parallelism"/> threads. <paramref name="progress"/> (called from those threads)
    /// gets the number of data bytes checked so far. Throws the <see cref="VerityMismatchException"/> of
    /// the first bad block in data order (a bad hash block counts at the first data it covers).
    /// </summary>
    public void VerifyAll(Action<long>? progress = null, int parallelism = 2, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        int blockSize = SuperBlock.DataBlockSize;
        long perLeaf = Geometry.Levels == 0 ? 1 : 1L << Geometry.HashPerBlockBits;
        long chunkBlocks = perLeaf * Math.Max(1, ChunkBytes / blockSize / perLeaf);
        long chunks = (SuperBlock.DataBlocks + chunkBlocks - 1) / chunkBlocks;
        long done = 0;
        var failures = new SortedList<long, VerityMismatchException>();
        long firstBad = long.MaxValue;

        Parallel.For(0L, chunks, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            () => (Hasher: new VerityHasher(SuperBlock), Buffer: new byte[chunkBlocks * blockSize]),
            (chunk, _, state) =>
            {
                long first = chunk * chunkBlocks;
                if (first > Volatile.Read(ref firstBad))
                {
                    return state;
                }

                int count = (int)Math.Min(chunkBlocks, SuperBlock.DataBlocks - first);
                try
                {
                    CheckChunk(first, count, state.Buffer.AsSpan(0, count * blockSize), state.Hasher);
                }
                catch (VerityMismatchException e)
                {
                    lock (failures)
                    {
                        long key = e.Kind == VerityBlockKind.Data ? e.Block : first;
                        failures.TryAdd(key, e);
                        firstBad = Math.Min(firstBad, key);
                    }

                    return state;
                }

                long total = Interlocked.Add(ref done, (long)count * blockSize);
                progress?.Invoke(total);
                return state;
            },
            state => state.Hasher.Dispose());

        if (failures.Count > 0)
        {
            throw failures.Values[0];
        }
    }

    private void CheckChunk(long first, int count, Span<byte> buffer, VerityHasher hasher)
    {
        _data.ReadExactly(first * SuperBlock.DataBlockSize, buffer, "verity data");
        CheckDataBlocks(first, buffer, hasher);
    }
}
