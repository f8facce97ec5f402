// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Win32.SafeHandles;

namespace Portabled.Dissect;

/// <summary>
/// A bounded window (offset plus length) of an image file or block device, read with positional
/// I/O. A reader handed a region cannot see past it: every read is checked against the window, so
/// a partition reader never reads its neighbour and a truncated image is reported, not misread.
/// A region may also read through an <see cref="IRegionSource"/> instead of the file (a dm-verity
/// protected partition, whose bytes are checked against their hash tree as they are read); file
/// system readers see no difference.
/// </summary>
public sealed class ImageRegion
{
    private readonly SafeFileHandle? _handle;
    private readonly IRegionSource? _source;

    /// <summary>Creates a window over <paramref name="handle"/>; the caller keeps ownership of the handle.</summary>
    public ImageRegion(SafeFileHandle handle, string imagePath, long offset, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _handle = handle;
        ImagePath = imagePath;
        Offset = offset;
        Length = length;
    }

    /// <summary>A window over <paramref name="source"/>, whose offsets are those of the underlying image.</summary>
    internal ImageRegion(IRegionSource source, string imagePath, long offset, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _source = source;
        ImagePath = imagePath;
        Offset = offset;
        Length = length;
    }

    /// <summary>True when reads are checked against a dm-verity hash tree.</summary>
    public bool IsVerified => _source is not null;

    /// <summary>Path of the underlying image, for error messages.</summary>
    public string ImagePath { get; }

    /// <summary>Absolute offset of the window in the underlying file.</summary>
    public long Offset { get; }

    /// <summary>Length of the window in bytes.</summary>
    public long Length { get; }

    /// <summary>
    /// Reads up to <c>buffer.Length</c> bytes at <paramref name="position"/> (relative to the window);
    /// returns fewer only at the end of the window or the file.
    /// </summary>
    public int Read(long position, Span<byte> buffer)
    {
        if (position < 0 || position > Length)
        {
            throw new InvalidImageException(ImagePath, "read", Offset + position, $"position outside the {Length}-byte region");
        }

        int wanted = (int)Math.Min(buffer.Length, Length - position);
        int total = 0;
        while (total < wanted)
        {
            Span<byte> rest = buffer.Slice(total, wanted - total);
            int n = _source is null ? RandomAccess.Read(_handle!, rest, Offset + position + total) : _source.Read(Offset + position + total, rest);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <summary>
    /// Reads exactly <c>buffer.Length</c> bytes at <paramref name="position"/>; a short read means the
    /// structure lies beyond the window or the image is truncated, and throws
    /// <see cref="InvalidImageException"/> naming <paramref name="structure"/>.
    /// </summary>
    public void ReadExactly(long position, Span<byte> buffer, string structure)
    {
        if (position < 0 || position > Length || buffer.Length > Length - position)
        {
            throw new InvalidImageException(ImagePath, structure, Offset + position,
                $"{buffer.Length} bytes do not fit in the {Length}-byte region");
        }

        if (Read(position, buffer) != buffer.Length)
        {
            throw new InvalidImageException(ImagePath, structure, Offset + position, "image is truncated");
        }
    }

    /// <summary>A sub-window; throws <see cref="InvalidImageException"/> when it does not fit inside this one.</summary>
    public ImageRegion Slice(long offset, long length, string structure)
    {
        if (offset < 0 || length < 0 || offset > Length || length > Length - offset)
        {
            throw new InvalidImageException(ImagePath, structure, Offset + Math.Max(offset, 0),
                $"range of {length} bytes at {offset} lies outside the {Length}-byte region");
        }

        return _source is null
            ? new ImageRegion(_handle!, ImagePath, Offset + offset, length)
            : new ImageRegion(_source, ImagePath, Offset + offset, length);
    }
}
