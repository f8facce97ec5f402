// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;

namespace Portabled.Dissect.FileSystems.HostDirectory;

/// <summary>
/// Extended attributes of a host path itself: llistxattr(2) and lgetxattr(2), which never follow a
/// final symlink. A file system without xattr support, or a name that vanished between listing and
/// reading, reads as no attribute. Sizes are re-asked when the file changes in between (ERANGE).
/// </summary>
public static partial class HostExtendedAttributes
{
    private const int ERange = 34;
    private const int ENoData = 61;
    private const int ENotSup = 95;

    /// <summary>Kernel limit on the name list of one inode (XATTR_LIST_MAX).</summary>
    private const int MaxNameListBytes = 64 * 1024;

    /// <summary>Attempts when the attributes change while they are being read.</summary>
    private const int Attempts = 4;

    /// <summary>Every attribute of <paramref name="path"/>, in the order the file system lists them.</summary>
    public static IReadOnlyList<ExtendedAttribute> List(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[]? names = ReadNameList(path);
        if (names is null)
        {
            return [];
        }

        var list = new ExtendedAttributeList((_, problem) => new InvalidImageException(path, problem));
        int start = 0;
        while (start < names.Length)
        {
            int end = Array.IndexOf(names, (byte)0, start);
            end = end < 0 ? names.Length : end;
            string name = Encoding.UTF8.GetString(names, start, end - start);
            if (end > start && TryGet(path, name, out byte[]? value))
            {
                list.Reserve(end - start, value.Length, -1);
                list.Add(string.Empty, names.AsSpan(start, end - start), value, -1);
            }

            start = end + 1;
        }

        return list.Attributes;
    }

    /// <summary>The value of <paramref name="name"/> on <paramref name="path"/>; false when it has none (or the file system has no xattrs).</summary>
    public static bool TryGet(string path, string name, [NotNullWhen(true)] out byte[]? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(name);
        if (Encoding.UTF8.GetByteCount(name) is 0 or > ExtendedAttributeLimits.MaxNameLength || name.Contains('\0'))
        {
            // No such name can exist (and lgetxattr would answer ERANGE for a long one).
            value = null;
            return false;
        }

        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            nint size = LGetXattr(path, name, null, 0);
            if (size < 0)
            {
                ThrowUnlessAbsent(Marshal.GetLastPInvokeError(), path);
                value = null;
                return false;
            }

            byte[] buffer = new byte[Math.Min((long)size, ExtendedAttributeLimits.MaxValueSize)];
            nint read = LGetXattr(path, name, buffer, buffer.Length);
            if (read >= 0)
            {
                value = read == buffer.Length ? buffer : buffer[..(int)read];
                return true;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno != ERange)
            {
                ThrowUnlessAbsent(errno, path);
                value = null;
                return false;
            }
        }

        throw new IOException($"Extended attribute '{name}' of '{path}' keeps changing, giving up.");
    }

    private static byte[]? ReadNameList(string path)
    {
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            nint size = LListXattr(path, null, 0);
            if (size < 0)
            {
                ThrowUnlessAbsent(Marshal.GetLastPInvokeError(), path);
                return null;
            }

            if (size == 0)
            {
                return null;
            }

            byte[] buffer = new byte[Math.Min((long)size, MaxNameListBytes)];
            nint read = LListXattr(path, buffer, buffer.Length);
            if (read >= 0)
            {
                return read == buffer.Length ? buffer : buffer[..(int)read];
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno != ERange)
            {
                ThrowUnlessAbsent(errno, path);
                return null;
            }
        }

        throw new IOException($"Extended attributes of '{path}' keep changing, giving up.");
    }

    /// <summary>Returns for "no such attribute" and "no xattrs here"; anything else is an <see cref="IOException"/>.</summary>
    private static void ThrowUnlessAbsent(int errno, string path)
    {
        if (errno is not (ENoData or ENotSup))
        {
            throw new IOException($"Cannot read the extended attributes of '{path}': {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "llistxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint LListXattr(string path, byte[]? list, nint size);

    [LibraryImport("libc.so.6", EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint LGetXattr(string path, string name, byte[]? value, nint size);
}
