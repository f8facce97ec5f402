// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.SdBus.Interop;

/// <summary>sd_bus_error: { const char *name; const char *message; int _need_free; }.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SdBusError
{
    public IntPtr Name;
    public IntPtr Message;
    public int NeedFree;
}
