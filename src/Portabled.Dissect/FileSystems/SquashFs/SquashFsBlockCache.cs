// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.SquashFs;

/// <summary>
/// A small least-recently-used cache of decompressed blocks, keyed by their on-disk position. The
/// capacity bounds the memory a reader keeps however the image is shaped. Thread-safe.
/// </summary>
internal sealed class SquashFsBlockCache
{
    private readonly int _capacity;
    private readonly Dictionary<long, LinkedListNode<KeyValuePair<long, SquashFsBlock>>> _map = [];
    private readonly LinkedList<KeyValuePair<long, SquashFsBlock>> _order = new();
    private readonly Lock _lock = new();

    public SquashFsBlockCache(int capacity)
    {
        _capacity = capacity;
    }

    public bool TryGet(long position, out SquashFsBlock block)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(position, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                block = node.Value.Value;
                return true;
            }
        }

        block = default;
        return false;
    }

    public void Add(long position, SquashFsBlock block)
    {
        lock (_lock)
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

    public void Clear()
    {
        lock (_lock)
        {
            _map.Clear();
            _order.Clear();
        }
    }
}
