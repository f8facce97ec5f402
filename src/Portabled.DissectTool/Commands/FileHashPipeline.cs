// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Runtime.ExceptionServices;
using Portabled.Dissect.FileSystems;

namespace Portabled.DissectTool.Commands;

/// <summary>
/// Hashes files on a few worker threads, in the order they were started, while the caller walks on
/// and writes the lines of the files before them (docs/benchmarks.md, --mtree). Decompressing and
/// hashing a squashfs-xz file is almost all of --mtree's time, so the workers are what lets it use
/// more than one core. Bounds: <see cref="MaxWorkers"/> threads, each reading one file at a time
/// through one chunk buffer (plus the reader's own per-stream block), whatever the image holds; how
/// many jobs wait is the caller's bound (<see cref="TreeCommand.MaxEntriesAhead"/>). A job's error is
/// kept and rethrown by <see cref="Wait"/>, so it surfaces where the serial path would have thrown it.
/// Dispose cancels what is queued or running and joins the workers: nothing reads the file system
/// after it returns.
/// </summary>
internal sealed class FileHashPipeline : IDisposable
{
    /// <summary>Most worker threads, whatever the processor count.</summary>
    public const int MaxWorkers = 4;

    private readonly IReadOnlyFileSystem _fs;
    private readonly Queue<FileHashJob> _queue = new();
    private readonly object _gate = new();
    private readonly CancellationTokenSource _cancel = new();
    private readonly Thread[] _workers;
    private bool _stopping;

    public FileHashPipeline(IReadOnlyFileSystem fs, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workers, MaxWorkers);
        _fs = fs;
        _workers = new Thread[workers];
        for (int i = 0; i < workers; i++)
        {
            // Background threads: a worker can never keep the process alive.
            _workers[i] = new Thread(Work) { IsBackground = true, Name = string.Create(CultureInfo.InvariantCulture, $"mtree-hash-{i}") };
            _workers[i].Start();
        }
    }

    /// <summary>The worker count for <paramref name="fs"/>: one per processor up to <see cref="MaxWorkers"/>, or 0 (hash serially) when the reader is single-threaded or there is one processor.</summary>
    public static int WorkersFor(IReadOnlyFileSystem fs) =>
        fs.SupportsConcurrentReads && Environment.ProcessorCount > 1 ? Math.Min(Environment.ProcessorCount, MaxWorkers) : 0;

    /// <summary>Queues <paramref name="file"/> (a non-empty regular file) for hashing.</summary>
    public FileHashJob Start(FileSystemNode file)
    {
        var job = new FileHashJob(file);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _queue.Enqueue(job);
            Monitor.Pulse(_gate);
        }

        return job;
    }

    /// <summary>Waits for <paramref name="job"/> and returns its hash, or rethrows the exception hashing it threw.</summary>
    public string Wait(FileHashJob job)
    {
        lock (_gate)
        {
            // A queued job is always taken by a worker (they only stop in Dispose) and always ends Done.
            while (!job.Done)
            {
                ObjectDisposedException.ThrowIf(_stopping, this);
                Monitor.Wait(_gate);
            }
        }

        job.Error?.Throw();
        return job.Hash!;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            _queue.Clear();
            Monitor.PulseAll(_gate);
        }

        _cancel.Cancel();
        foreach (Thread worker in _workers)
        {
            worker.Join();
        }

        _cancel.Dispose();
    }

    private void Work()
    {
        while (Take() is { } job)
        {
            string? hash = null;
            ExceptionDispatchInfo? error = null;
            try
            {
                hash = FileHasher.Sha256(_fs, job.File, _cancel.Token);
            }
            catch (Exception e)
            {
                // Every exception is the job's, to be rethrown in order; none may end the worker (a queued job would then wait forever).
                error = ExceptionDispatchInfo.Capture(e);
            }

            lock (_gate)
            {
                job.Hash = hash;
                job.Error = error;
                job.Done = true;
                Monitor.PulseAll(_gate);
            }
        }
    }

    // The next job, or null once the pipeline is disposed.
    private FileHashJob? Take()
    {
        lock (_gate)
        {
            while (_queue.Count == 0 && !_stopping)
            {
                Monitor.Wait(_gate);
            }

            return _stopping ? null : _queue.Dequeue();
        }
    }
}
