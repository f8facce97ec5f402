// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Ext4;

/// <summary>
/// A small least-recently-used cache of metadata blocks (inode tables, descriptor blocks, extent
/// and indirect blocks). Blocks are checked against the file system size before they are read.
/// Returned arrays are shared and must not be modified.
/// </summary>
internal sealed class Ext4BlockCache
{
    /// <summary>Blocks kept (at most 64 × 64 KiB = 4 MiB).</summary>
    public const int Capacity = 64;

    private readonly ImageRegion _region;
    private readonly int _blockSize;
    private readonly long _blocksCount;
    private readonly Dictionary<long, LinkedListNode<(long Block, byte[] Data)>> _map = [];
    private readonly LinkedList<(long Block, byte[] Data)> _lru = new();
    private readonly Lock _lock = new();

    public Ext4BlockCache(ImageRegion region, int blockSize, long blocksCount)
    {
        _region = region;
        _blockSize = blockSize;
        _blocksCount = blocksCount;
    }

    /// <summary>The contents of <paramref name="block"/>; <paramref name="structure"/> names what it holds for error messages.</summary>
    public byte[] Get(long block, string structure)
    {
        if (block < 0 || block >= _blocksCount)
        {
            throw new InvalidImageException(_region.ImagePath, $"{structure}: block {block} lies beyond the {_blocksCount}-block file system");
        }

        lock (_lock)
        {
            if (_map.TryGetValue(block, out LinkedListNode<(long Block, byte[] Data)>? hit))
            {
                _lru.Remove(hit);
                _lru.AddFirst(hit);
                return hit.Value.Data;
            }
        }

        var data = new byte[_blockSize];
        _region.ReadExactly(checked(block * _blockSize), data, structure);
        lock (_lock)
        {
            if (!_map.ContainsKey(block))
            {
                _map[block] = _lru.AddFirst((block, data));
                if (_map.Count > Capacity && _lru.Last is { } last)
                {
                    _map.Remove(last.Value.Block);
                    _lru.RemoveLast();
                }
            }
        }

        return data;
    }
}
