// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Verity;

/// <summary>
/// A bounded least-recently-used set of blocks that already passed their hash check, keyed by block
/// index. Only verified bytes go in, so a hit needs no hashing. Not thread-safe: the owner locks.
/// </summary>
internal sealed class VerifiedBlockCache
{
    private readonly int _capacity;
    private readonly Dictionary<long, LinkedListNode<(long Index, byte[] Block)>> _map;
    private readonly LinkedList<(long Index, byte[] Block)> _order = new();

    public VerifiedBlockCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _map = new Dictionary<long, LinkedListNode<(long, byte[])>>(capacity);
    }

    public int Count => _map.Count;

    public bool TryGet(long index, out byte[] block)
    {
        if (_map.TryGetValue(index, out LinkedListNode<(long Index, byte[] Block)>? node))
        {
            _order.Remove(node);
            _order.AddFirst(node);
            block = node.Value.Block;
            return true;
        }

        block = [];
        return false;
    }

    /// <summary>Adds a verified block; returns the array of the block it evicted (for reuse), or null.</summary>
    public byte[]? Add(long index, byte[] block)
    {
        byte[]? evicted = null;
        if (_map.Count >= _capacity && _order.Last is { } last)
        {
            _order.RemoveLast();
            _map.Remove(last.Value.Index);
            evicted = last.Value.Block;
        }

        _map[index] = _order.AddFirst((index, block));
        return evicted;
    }
}
