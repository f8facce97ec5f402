// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.ExceptionServices;

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
        long next = 0, done = 0, firstBad = long.MaxValue;
        var failures = new SortedList<long, VerityMismatchException>();

        // Fixed workers taking the next chunk in turn: one buffer and one hasher each, whatever the size.
        void Work()
        {
            using var hasher = new VerityHasher(SuperBlock);
            byte[] buffer = new byte[chunkBlocks * blockSize];
            long chunk;
            while ((chunk = Interlocked.Increment(ref next) - 1) < chunks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                long first = chunk * chunkBlocks;
                if (first > Interlocked.Read(ref firstBad))
                {
                    return;
                }

                int count = (int)Math.Min(chunkBlocks, SuperBlock.DataBlocks - first);
                try
                {
                    CheckChunk(first, count, buffer.AsSpan(0, count * blockSize), hasher);
                }
                catch (VerityMismatchException e)
                {
                    lock (failures)
                    {
                        long key = e.Kind == VerityBlockKind.Data ? e.Block : first;
                        failures.TryAdd(key, e);
                        Interlocked.Exchange(ref firstBad, Math.Min(Interlocked.Read(ref firstBad), key));
                    }

                    continue;
                }

                progress?.Invoke(Interlocked.Add(ref done, (long)count * blockSize));
            }
        }

        Task[] helpers = [.. Enumerable.Range(0, (int)Math.Min(parallelism - 1, Math.Max(0, chunks - 1))).Select(_ => Task.Run(Work, cancellationToken))];
        Exception? helperError = null;
        try
        {
            Work();
        }
        finally
        {
            try
            {
                Task.WaitAll(helpers, CancellationToken.None);
            }
            catch (AggregateException e)
            {
                helperError = e.InnerExceptions[0];
            }
        }

        if (failures.Count > 0)
        {
            throw failures.Values[0];
        }

        if (helperError is not null)
        {
            ExceptionDispatchInfo.Throw(helperError);
        }
    }

    private void CheckChunk(long first, int count, Span<byte> buffer, VerityHasher hasher)
    {
        _data.ReadExactly(first * SuperBlock.DataBlockSize, buffer, "verity data");
        CheckDataBlocks(first, buffer, hasher);
    }
}
