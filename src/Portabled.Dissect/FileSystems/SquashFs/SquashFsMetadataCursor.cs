// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.SquashFs;

/// <summary>
/// Reads a metadata stream (inode table, directory table) that continues from one metadata block to
/// the next. Every block must end before the table's end, so a read can never run into another
/// table, and every step either consumes bytes or moves past a block: reads always terminate.
/// </summary>
internal sealed class SquashFsMetadataCursor
{
    private readonly SquashFsFileSystem _fileSystem;
    private readonly long _tableEnd;
    private readonly string _structure;
    private long _blockPosition;
    private int _offset;
    private SquashFsBlock? _block;

    public SquashFsMetadataCursor(SquashFsFileSystem fileSystem, long blockPosition, long tableEnd, int offset, string structure)
    {
        _fileSystem = fileSystem;
        _blockPosition = blockPosition;
        _tableEnd = tableEnd;
        _offset = offset;
        _structure = structure;
    }

    /// <summary>Absolute position of the current metadata block.</summary>
    public long BlockPosition => _blockPosition;

    /// <summary>Offset in the current decompressed block (may equal its length: the next read starts in the next block).</summary>
    public int Offset => _offset;

    /// <summary>Fills <paramref name="destination"/>, continuing into the following blocks as needed.</summary>
    public void Read(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            SquashFsBlock block = Current();
            int available = block.Length - _offset;
            if (available == 0)
            {
                _blockPosition += block.DiskLength;
                _offset = 0;
                _block = null;
                continue;
            }

            int n = Math.Min(available, destination.Length);
            block.Data.AsSpan(_offset, n).CopyTo(destination);
            destination = destination[n..];
            _offset += n;
        }
    }

    /// <summary>Skips <paramref name="count"/> bytes.</summary>
    public void Skip(long count)
    {
        Span<byte> scratch = stackalloc byte[256];
        while (count > 0)
        {
            int n = (int)Math.Min(count, scratch.Length);
            Read(scratch[..n]);
            count -= n;
        }
    }

    private SquashFsBlock Current()
    {
        if (_block is { } block)
        {
            return block;
        }

        block = _fileSystem.ReadMetadataBlock(_blockPosition, _tableEnd, _structure);
        if (_offset > block.Length)
        {
            throw _fileSystem.Invalid(_structure, _blockPosition, $"offset {_offset} lies beyond the {block.Length}-byte metadata block");
        }

        _block = block;
        return block;
    }
}
