// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Ext4;

/// <summary>
/// The contents of a regular file (or slow symlink) mapped through its extent tree or block map,
/// read lazily: each read maps the logical block to a run of physical blocks (remembering the last
/// run) and reads it straight from the image; holes and unwritten extents read as zeros.
/// </summary>
internal sealed class Ext4FileStream : ReadOnlyFileStream
{
    private readonly Ext4FileSystem _fs;
    private readonly Ext4Inode _inode;
    private readonly ImageRegion _region;
    private readonly int _blockSize;
    private long _runLogical = -1;
    private Ext4BlockRun _run;

    public Ext4FileStream(Ext4FileSystem fs, Ext4Inode inode)
    {
        _fs = fs;
        _inode = inode;
        _region = fs.Region;
        _blockSize = fs.BlockSize;
    }

    protected override long FileLength => _inode.Size;

    protected override int ReadAt(long position, Span<byte> buffer)
    {
        long logical = position / _blockSize;
        int within = (int)(position % _blockSize);
        if (_runLogical < 0 || logical < _runLogical || logical >= _runLogical + _run.Length)
        {
            _run = _fs.MapBlock(_inode, logical);
            _runLogical = logical;
        }

        long skip = logical - _runLogical;
        long available = ((_run.Length - skip) * _blockSize) - within;
        int count = (int)Math.Min(Math.Min(buffer.Length, FileLength - position), available);
        Span<byte> target = buffer[..count];
        if (_run.IsZeros)
        {
            target.Clear();
        }
        else
        {
            long physical = checked(((_run.Physical + skip) * _blockSize) + within);
            _region.ReadExactly(physical, target, $"data of inode {_inode.Number}");
        }

        return count;
    }
}
