// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.SquashFs;

/// <summary>
/// A small least-recently-used cache of decompressed blocks, keyed by their on-disk position. The
/// capacity bounds the memory a reader keeps however the image is shaped. Thread-safe; with
/// <see cref="GetOrAdd"/> a block several threads want at once is decompressed by one of them.
/// </summary>
internal sealed class SquashFsBlockCache
{
    private readonly int _capacity;
    private readonly Dictionary<long, LinkedListNode<KeyValuePair<long, SquashFsBlock>>> _map = [];
    private readonly LinkedList<KeyValuePair<long, SquashFsBlock>> _order = new();

    // Positions some thread is loading in GetOrAdd (at most one per thread reading the file system).
    private readonly HashSet<long> _loading = [];

    // A monitor rather than a Lock: GetOrAdd waits on it for another thread's load.
    private readonly object _gate = new();

    public SquashFsBlockCache(int capacity)
    {
        _capacity = capacity;
    }

    public bool TryGet(long position, out SquashFsBlock block)
    {
        lock (_gate)
        {
            return TryGetLocked(position, out block);
        }
    }

    public void Add(long position, SquashFsBlock block)
    {
        lock (_gate)
        {
            AddLocked(position, block);
        }
    }

    /// <summary>
    /// The block at <paramref name="position"/>, loaded by <paramref name="load"/> when it is not cached.
    /// While one thread loads a position, others asking for it wait for that load instead of repeating
    /// it (files of a squashfs share fragment blocks, and --mtree reads neighbouring files at once).
    /// A load that throws caches nothing: each waiter then loads, and fails, on its own, so every
    /// caller sees the error a lone reader would.
    /// </summary>
    public SquashFsBlock GetOrAdd<TState>(long position, TState state, Func<TState, SquashFsBlock> load)
    {
        lock (_gate)
        {
            // Each pass ends with a cached block, with this thread owning the load, or with a wait that
            // ends when the owner finishes (it always does: the finally below); so this terminates.
            while (true)
            {
                if (TryGetLocked(position, out SquashFsBlock cached))
                {
                    return cached;
                }

                if (_loading.Add(position))
                {
                    break;
                }

                Monitor.Wait(_gate);
            }
        }

        SquashFsBlock block = default;
        bool loaded = false;
        try
        {
            block = load(state);
            loaded = true;
            return block;
        }
        finally
        {
            lock (_gate)
            {
                if (loaded)
                {
                    AddLocked(position, block);
                }

                _loading.Remove(position);
                Monitor.PulseAll(_gate);
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _map.Clear();
            _order.Clear();
        }
    }

    private bool TryGetLocked(long position, out SquashFsBlock block)
    {
        if (_map.TryGetValue(position, out var node))
        {
            _order.Remove(node);
            _order.AddFirst(node);
            block = node.Value.Value;
            return true;
        }

        block = default;
        return false;
    }

    private void AddLocked(long position, SquashFsBlock block)
    {
        if (_map.ContainsKey(position))
        {
            return;
        }

        if (_map.Count >= _capacity && _order.Last is { } oldest)
        {
            _order.RemoveLast();
            _map.Remove(oldest.Value.Key);
        }

        _map[position] = _order.AddFirst(new KeyValuePair<long, SquashFsBlock>(position, block));
    }
}
