// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.SdBus.Interop;

/// <content>Holding incoming calls back and handing them to the loop later (sd_bus_add_filter(3), sd_bus_enqueue_for_read(3), since 245).</content>
internal static unsafe partial class SdBusNative
{
    [LibraryImport(Library, EntryPoint = "sd_bus_add_filter")]
    public static partial int AddFilter(IntPtr bus, out IntPtr slot, delegate* unmanaged<IntPtr, IntPtr, IntPtr, int> callback, IntPtr userdata);

    [LibraryImport(Library, EntryPoint = "sd_bus_enqueue_for_read")]
    public static partial int EnqueueForRead(IntPtr bus, IntPtr message);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_is_method_call")]
    public static partial int MessageIsMethodCall(IntPtr message, IntPtr iface, IntPtr member);
}
