// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Win32.SafeHandles;
using Portabled.Dissect.Interop;

namespace Portabled.Dissect;

/// <summary>
/// An image opened read-only: a regular file or a block device. Its size comes from the file
/// system (or the device), never from a field inside the image.
/// </summary>
public sealed class ImageFile : IDisposable
{
    private readonly SafeFileHandle _handle;

    private ImageFile(SafeFileHandle handle, string path, long length)
    {
        _handle = handle;
        Path = path;
        Length = length;
        Whole = new ImageRegion(handle, path, 0, length);
    }

    /// <summary>Path the image was opened from.</summary>
    public string Path { get; }

    /// <summary>Size in bytes.</summary>
    public long Length { get; }

    /// <summary>The whole image as a region.</summary>
    public ImageRegion Whole { get; }

    /// <summary>Opens <paramref name="path"/> read-only.</summary>
    public static ImageFile Open(string path)
    {
        SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        try
        {
            // st_size is 0 for a block device (checked on a loop device): ask the kernel for its size.
            long length = RandomAccess.GetLength(handle);
            if (length == 0 && BlockDevice.TryGetSize(handle, out long deviceSize))
            {
                length = deviceSize;
            }

            return new ImageFile(handle, path, length);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();
}
