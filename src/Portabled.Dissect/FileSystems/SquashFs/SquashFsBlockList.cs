// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.SquashFs;

/// <summary>
/// A regular file's validated block list: the size field of each data block (bit 24 set: stored
/// uncompressed; size 0: a hole) and, every <see cref="CheckpointInterval"/> blocks, the absolute
/// position of the block, so any block is found by summing at most that many sizes.
/// </summary>
internal sealed class SquashFsBlockList
{
    public const int CheckpointInterval = 64;

    private readonly uint[] _sizes;
    private readonly long[] _checkpoints;

    public SquashFsBlockList(uint[] sizes, long[] checkpoints)
    {
        _sizes = sizes;
        _checkpoints = checkpoints;
    }

    public int Count => _sizes.Length;

    /// <summary>The size field of block <paramref name="index"/>.</summary>
    public uint SizeField(int index) => _sizes[index];

    /// <summary>Absolute position of block <paramref name="index"/>.</summary>
    public long PositionOf(int index)
    {
        int checkpoint = index / CheckpointInterval;
        long position = _checkpoints[checkpoint];
        for (int i = checkpoint * CheckpointInterval; i < index; i++)
        {
            position += _sizes[i] & SquashFsLayout.DataSizeMask;
        }

        return position;
    }
}
