// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <summary>Object-path labels exactly as sd_bus_path_encode/sd_bus_path_decode make them (they are sd-bus's own functions).</summary>
public static unsafe class ObjectPaths
{
    /// <summary><c>prefix/escaped(id)</c>: bytes outside <c>[A-Za-z0-9]</c> (and a leading digit) become <c>_xx</c>; "" becomes <c>_</c>.</summary>
    public static string Encode(string prefix, string id)
    {
        int rc = SdBusNative.PathEncode(prefix, id, out IntPtr result);
        if (rc < 0)
        {
            throw DBusException.FromErrno(rc);
        }

        try
        {
            return NativeStrings.FromUtf8(result)!;
        }
        finally
        {
            NativeMemory.Free((void*)result);
        }
    }

    /// <summary>
    /// The id of <paramref name="path"/> below <paramref name="prefix"/> (sd_bus_path_decode(): the
    /// rest of the path unescaped, slashes of deeper paths included), or null when the path is not
    /// below the prefix.
    /// </summary>
    public static string? Decode(string path, string prefix)
    {
        int rc = SdBusNative.PathDecode(path, prefix, out IntPtr id);
        if (rc <= 0)
        {
            return null;
        }

        try
        {
            return NativeStrings.FromUtf8(id);
        }
        finally
        {
            NativeMemory.Free((void*)id);
        }
    }
}
