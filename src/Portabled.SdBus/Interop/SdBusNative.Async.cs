// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.SdBus.Interop;

/// <content>Asynchronous client calls, error replies, and the caller's privilege (sd_bus_call_async(3), sd_bus_query_sender_privilege(3)).</content>
internal static unsafe partial class SdBusNative
{
    [LibraryImport(Library, EntryPoint = "sd_bus_call_async")]
    public static partial int CallAsync(IntPtr bus, out IntPtr slot, IntPtr message,
        delegate* unmanaged<IntPtr, IntPtr, IntPtr, int> callback, IntPtr userdata, ulong usec);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_is_method_error")]
    public static partial int MessageIsMethodError(IntPtr message, IntPtr name);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_get_error")]
    public static partial SdBusError* MessageGetError(IntPtr message);

    [LibraryImport(Library, EntryPoint = "sd_bus_query_sender_privilege")]
    public static partial int QuerySenderPrivilege(IntPtr message, int capability);
}
