// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace Portabled.SdBus.Interop;

/// <summary>
/// NUL-terminated UTF-8 strings in unmanaged memory that are never freed. sd-bus keeps the
/// pointers of object paths, interface names and error names (it does not copy them), so they
/// must outlive every slot. They are interned: each distinct string is allocated once per
/// process, which bounds the total to the set of registered names. (The strings of a vtable live
/// in the vtable's own block, <see cref="VTableBuilder"/>.)
/// </summary>
internal static unsafe class NativeStrings
{
    private static readonly ConcurrentDictionary<string, IntPtr> s_interned = new(StringComparer.Ordinal);

    public static IntPtr Intern(string value) => s_interned.GetOrAdd(value, static v => AllocRaw(Encoding.UTF8.GetBytes(v)));

    private static IntPtr AllocRaw(ReadOnlySpan<byte> bytes)
    {
        byte* p = (byte*)NativeMemory.AllocZeroed((nuint)bytes.Length + 1);
        bytes.CopyTo(new Span<byte>(p, bytes.Length));
        return (IntPtr)p;
    }

    /// <summary>Copies a C string owned by someone else (a message, sd-bus) into a managed string.</summary>
    public static string? FromUtf8(IntPtr p) => p == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(p);
}
