// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems;

/// <summary>
/// The stream part every reader's file contents share: read-only, seekable, a position over a file
/// of known length. A reader only says how long the file is and how to read at an offset.
/// </summary>
public abstract class ReadOnlyFileStream : Stream
{
    private long _position;
    private bool _disposed;

    /// <inheritdoc />
    public override bool CanRead => !_disposed;

    /// <inheritdoc />
    public override bool CanSeek => !_disposed;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return FileLength;
        }
    }

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    /// <summary>The file's size in bytes.</summary>
    protected abstract long FileLength { get; }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= FileLength)
        {
            return 0;
        }

        int n = ReadAt(_position, buffer[..(int)Math.Min(buffer.Length, FileLength - _position)]);
        _position += n;
        return n;
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => checked(_position + offset),
            SeekOrigin.End => checked(FileLength + offset),
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("An attempt was made to move the position before the beginning of the stream.");
        }

        _position = target;
        return target;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException("Image file systems are read-only.");

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Image file systems are read-only.");

    /// <summary>
    /// Reads at <paramref name="position"/> (inside the file) into <paramref name="buffer"/> (never past
    /// the end of the file); returns the number of bytes read, more than zero.
    /// </summary>
    protected abstract int ReadAt(long position, Span<byte> buffer);

    /// <summary>Frees what the reader holds (buffers, decoders); called once.</summary>
    protected virtual void ReleaseResources()
    {
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (!_disposed)
        {
            _disposed = true;
            if (disposing)
            {
                ReleaseResources();
            }
        }

        base.Dispose(disposing);
    }
}
