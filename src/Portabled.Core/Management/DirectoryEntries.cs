// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Portabled.Core.Management;

/// <summary>
/// The entries of an open directory, read with getdents64(2) (struct linux_dirent64: u64 d_ino,
/// s64 d_off, u16 d_reclen, u8 d_type, NUL-terminated d_name), without <c>.</c> and <c>..</c>.
/// Names stay bytes (NUL-terminated, for the *at() calls): any name the kernel has can be removed,
/// UTF-8 or not.
/// </summary>
internal static class DirectoryEntries
{
    /// <summary>d_type of a directory.</summary>
    public const byte TypeDirectory = 4;

    /// <summary>d_type when the file system does not say.</summary>
    public const byte TypeUnknown = 0;

    private const int BufferSize = 8192;
    private const int NameOffset = 19;

    // An entry's name without its NUL, and its d_type; false stops the walk.
    private delegate bool RawEntry(ReadOnlySpan<byte> name, byte type);

    /// <summary>Calls <paramref name="entry"/> for each entry (NUL-terminated name, d_type); 0, or the negative errno of a failed read.</summary>
    public static int ForEach(int fd, Action<byte[], byte> entry) => Walk(fd, (name, type) =>
    {
        entry([.. name, 0], type);
        return true;
    });

    /// <summary>
    /// Adds the names in <paramref name="hostDirectory"/> (decoded as UTF-8, as .NET decodes file
    /// names) to <paramref name="names"/>, at most <paramref name="max"/>, and stops reading there
    /// (<paramref name="truncated"/>). 0, or the negative errno of the open or of a read.
    /// </summary>
    public static int ListNames(string hostDirectory, int max, List<string> names, out bool truncated)
    {
        bool cut = false;
        int fd = NativeFiles.Open(hostDirectory, NativeFiles.ORdOnly | NativeFiles.ODirectory | NativeFiles.OCloExec | NativeFiles.ONonBlock, 0);
        if (fd < 0)
        {
            truncated = false;
            return -NativeFiles.LastError;
        }

        try
        {
            int r = Walk(fd, (name, _) =>
            {
                if (names.Count >= max)
                {
                    cut = true;
                    return false;
                }

                names.Add(Encoding.UTF8.GetString(name));
                return true;
            });
            truncated = cut;
            return r;
        }
        finally
        {
            NativeFiles.Close(fd);
        }
    }

    private static int Walk(int fd, RawEntry entry)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                nint n = NativeFiles.GetDents64(fd, buffer, BufferSize);
                if (n <= 0)
                {
                    return n < 0 ? -NativeFiles.LastError : 0;
                }

                for (int offset = 0; offset + NameOffset < n;)
                {
                    int length = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset + 16));
                    if (length <= NameOffset || offset + length > n)
                    {
                        return -Errors.Errno.EIO;
                    }

                    ReadOnlySpan<byte> raw = buffer.AsSpan(offset + NameOffset, length - NameOffset);
                    int end = raw.IndexOf((byte)0);
                    raw = end < 0 ? raw : raw[..end];
                    if (!raw.SequenceEqual("."u8) && !raw.SequenceEqual(".."u8) && !entry(raw, buffer[offset + 18]))
                    {
                        return 0;
                    }

                    offset += length;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
