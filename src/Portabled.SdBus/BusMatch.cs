// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <summary>One match rule added by <see cref="BusConnection.AddMatch"/>: its sd-bus slot and the handle that keeps the handler alive.</summary>
internal sealed class BusMatch : IDisposable
{
    private GCHandle _handle;

    public BusMatch(BusConnection connection, Action<BusSignal> handler)
    {
        Connection = connection;
        Handler = handler;
        _handle = GCHandle.Alloc(this);
    }

    public BusConnection Connection { get; }

    public Action<BusSignal> Handler { get; }

    public IntPtr UserData => GCHandle.ToIntPtr(_handle);

    public IntPtr Slot { get; set; }

    public void Dispose()
    {
        if (Slot != IntPtr.Zero)
        {
            SdBusNative.SlotUnref(Slot);
            Slot = IntPtr.Zero;
        }

        if (_handle.IsAllocated)
        {
            _handle.Free();
        }
    }
}
