// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;

namespace Portabled.Dissect.FileSystems.Erofs;

/// <summary>
/// Positional reads of one inode's data, whatever its layout. Every implementation checks the
/// addresses it derives from disk values against the file system before reading.
/// </summary>
internal abstract class ErofsDataReader : IDisposable
{
    protected ErofsDataReader(ErofsFileSystem fileSystem, ErofsInode inode)
    {
        FileSystem = fileSystem;
        Inode = inode;
    }

    /// <summary>Size of the data.</summary>
    public long Length => Inode.Size;

    protected ErofsFileSystem FileSystem { get; }

    protected ErofsInode Inode { get; }

    protected ImageRegion Region => FileSystem.Region;

    protected int BlockSizeBits => FileSystem.SuperBlock.BlockSizeBits;

    /// <summary>
    /// Reads at <paramref name="position"/>; returns the number of bytes read, which is 0 only at or
    /// past the end and may be fewer than asked (one mapping at a time).
    /// </summary>
    public int Read(long position, Span<byte> buffer)
    {
        if (position >= Length || buffer.IsEmpty)
        {
            return 0;
        }

        int wanted = (int)Math.Min(buffer.Length, Length - position);
        int n = ReadCore(position, buffer[..wanted]);
        if (n <= 0)
        {
            throw Invalid(Inode.Position, string.Create(CultureInfo.InvariantCulture, $"no data mapped at byte {position}"));
        }

        return n;
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="position"/>; the range must lie within the data.</summary>
    public void ReadExactly(long position, Span<byte> buffer)
    {
        if (position < 0 || buffer.Length > Length - position)
        {
            throw Invalid(Inode.Position, string.Create(CultureInfo.InvariantCulture,
                $"{buffer.Length} bytes at {position} lie beyond the {Length}-byte data"));
        }

        int total = 0;
        while (total < buffer.Length)
        {
            total += Read(position + total, buffer[total..]);
        }
    }

    /// <inheritdoc />
    public virtual void Dispose()
    {
    }

    /// <summary>Reads 1..buffer.Length bytes at <paramref name="position"/> (&lt; Length, buffer within Length).</summary>
    protected abstract int ReadCore(long position, Span<byte> buffer);

    /// <summary>Reads from the file system after checking the range lies inside it.</summary>
    protected void ReadFileSystem(long fsPosition, Span<byte> buffer, string structure)
    {
        if (fsPosition < 0 || fsPosition > Region.Length || buffer.Length > Region.Length - fsPosition)
        {
            throw Invalid(Math.Max(fsPosition, 0), string.Create(CultureInfo.InvariantCulture,
                $"{structure}: {buffer.Length} bytes at byte {fsPosition} lie outside the {Region.Length}-byte file system"));
        }

        Region.ReadExactly(fsPosition, buffer, structure);
    }

    protected InvalidImageException Invalid(long fsPosition, string problem) =>
        new(Region.ImagePath, string.Create(CultureInfo.InvariantCulture, $"erofs inode {Inode.Nid} data"), Region.Offset + fsPosition, problem);
}
