// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Ext4;

/// <summary>
/// The contents of a regular file (or slow symlink) mapped through its extent tree or block map,
/// read lazily: each read maps the logical block to a run of physical blocks (remembering the last
/// run) and reads it straight from the image; holes and unwritten extents read as zeros.
/// </summary>
internal sealed class Ext4FileStream : Stream
{
    private readonly Ext4FileSystem _fs;
    private readonly Ext4Inode _inode;
    private readonly ImageRegion _region;
    private readonly int _blockSize;
    private long _position;
    private long _runLogical = -1;
    private Ext4BlockRun _run;

    public Ext4FileStream(Ext4FileSystem fs, Ext4Inode inode)
    {
        _fs = fs;
        _inode = inode;
        _region = fs.Region;
        _blockSize = fs.BlockSize;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _inode.Size;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= Length || buffer.IsEmpty)
        {
            return 0;
        }

        long logical = _position / _blockSize;
        int within = (int)(_position % _blockSize);
        if (_runLogical < 0 || logical < _runLogical || logical >= _runLogical + _run.Length)
        {
            _run = _fs.MapBlock(_inode, logical);
            _runLogical = logical;
        }

        long skip = logical - _runLogical;
        long available = ((_run.Length - skip) * _blockSize) - within;
        int count = (int)Math.Min(Math.Min(buffer.Length, Length - _position), available);
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

        _position += count;
        return count;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("Cannot seek before the start of the file.");
        }

        _position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
