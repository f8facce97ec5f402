// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers;
using L = Portabled.Dissect.FileSystems.SquashFs.SquashFsLayout;

namespace Portabled.Dissect.FileSystems.SquashFs;

/// <summary>
/// A regular file's contents, read lazily one block at a time: data blocks through the block list,
/// the tail end from its fragment block. Read-only and seekable; holds one decompressed block.
/// </summary>
internal sealed class SquashFsFileStream : Stream
{
    private readonly SquashFsFileSystem _fileSystem;
    private readonly SquashFsNode _node;
    private readonly SquashFsBlockList _blocks;
    private readonly int _blockSize;
    private byte[]? _buffer;
    private long _bufferedIndex = -1;
    private int _bufferedLength;
    private long _position;
    private bool _disposed;

    public SquashFsFileStream(SquashFsFileSystem fileSystem, SquashFsNode node, SquashFsBlockList blocks)
    {
        _fileSystem = fileSystem;
        _node = node;
        _blocks = blocks;
        _blockSize = fileSystem.SuperBlock.BlockSize;
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _node.Size;
        }
    }

    public override long Position
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _position;
        }

        set
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int total = 0;
        while (!buffer.IsEmpty && _position < _node.Size)
        {
            long index = _position / _blockSize;
            LoadBlock(index);
            int inBlock = (int)(_position - (index * _blockSize));
            int n = Math.Min(buffer.Length, _bufferedLength - inBlock);
            _buffer.AsSpan(inBlock, n).CopyTo(buffer);
            buffer = buffer[n..];
            _position += n;
            total += n;
        }

        return total;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => checked(_position + offset),
            SeekOrigin.End => checked(_node.Size + offset),
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("An attempt was made to move the position before the beginning of the stream.");
        }

        _position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("squashfs is read-only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("squashfs is read-only");

    protected override void Dispose(bool disposing)
    {
        if (!_disposed)
        {
            _disposed = true;
            if (_buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null;
            }
        }

        base.Dispose(disposing);
    }

    private void LoadBlock(long index)
    {
        if (index == _bufferedIndex)
        {
            return;
        }

        _buffer ??= ArrayPool<byte>.Shared.Rent(_blockSize);
        _bufferedIndex = -1;
        int length = (int)Math.Min(_blockSize, _node.Size - (index * _blockSize));
        Span<byte> destination = _buffer.AsSpan(0, length);
        if (index < _blocks.Count)
        {
            _fileSystem.ReadDataBlock(_blocks, (int)index, destination);
        }
        else if (index == _blocks.Count && _node.FragmentIndex != L.NoFragment)
        {
            _fileSystem.ReadTailEnd(_node, destination);
        }
        else
        {
            throw _fileSystem.Invalid("SquashFsInode", _fileSystem.SuperBlock.InodeTableStart,
                $"inode 0x{_node.InodeReference:x}: no block holds file offset {_position}");
        }

        _bufferedIndex = index;
        _bufferedLength = length;
    }
}
