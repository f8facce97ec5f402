// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers;
using L = Portabled.Dissect.FileSystems.SquashFs.SquashFsLayout;

namespace Portabled.Dissect.FileSystems.SquashFs;

/// <summary>
/// A regular file's contents, read lazily one block at a time: data blocks through the block list,
/// the tail end from its fragment block. Read-only and seekable; holds one decompressed block.
/// </summary>
internal sealed class SquashFsFileStream : ReadOnlyFileStream
{
    private readonly SquashFsFileSystem _fileSystem;
    private readonly SquashFsNode _node;
    private readonly SquashFsBlockList _blocks;
    private readonly int _blockSize;
    private byte[]? _buffer;
    private long _bufferedIndex = -1;
    private int _bufferedLength;

    public SquashFsFileStream(SquashFsFileSystem fileSystem, SquashFsNode node, SquashFsBlockList blocks)
    {
        _fileSystem = fileSystem;
        _node = node;
        _blocks = blocks;
        _blockSize = fileSystem.SuperBlock.BlockSize;
    }

    protected override long FileLength => _node.Size;

    protected override int ReadAt(long position, Span<byte> buffer)
    {
        long index = position / _blockSize;
        LoadBlock(index);
        int inBlock = (int)(position - (index * _blockSize));
        int n = Math.Min(buffer.Length, _bufferedLength - inBlock);
        _buffer.AsSpan(inBlock, n).CopyTo(buffer);
        return n;
    }

    protected override void ReleaseResources()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
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
                $"inode 0x{_node.InodeReference:x}: no block holds file offset {Position}");
        }

        _bufferedIndex = index;
        _bufferedLength = length;
    }
}
