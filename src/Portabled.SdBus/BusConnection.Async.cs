// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <content>
/// Asynchronous client calls from the bus thread (sd_bus_call_async): the loop keeps serving while
/// the reply is outstanding, and the reply handler runs on the bus thread when it arrives. An
/// outstanding call counts in <see cref="PendingOperations"/>, so an idle exit waits for it.
/// </content>
public sealed unsafe partial class BusConnection
{
    private readonly HashSet<GCHandle> _outstandingCalls = [];

    /// <summary>
    /// Sends a method call and returns at once; <paramref name="onReply"/> runs later on the bus thread
    /// with the reply (readable only during the handler), or with the error the peer or sd-bus answered
    /// (a timeout or a lost connection is an error reply too). Call only on the bus thread.
    /// <paramref name="timeout"/> zero means sd-bus's default (25 s).
    /// </summary>
    public void CallAsync(string destination, string path, string iface, string member, Action<MessageWriter>? arguments,
        Action<MessageReader?, DBusException?> onReply, TimeSpan timeout = default)
    {
        Check(SdBusNative.MessageNewMethodCall(_bus, out IntPtr message, destination, path, iface, member));
        GCHandle handle = default;
        try
        {
            arguments?.Invoke(new MessageWriter(message));
            handle = GCHandle.Alloc(new OutstandingCall(this, onReply));
            Check(SdBusNative.CallAsync(_bus, out IntPtr slot, message, &OnAsyncReply, GCHandle.ToIntPtr(handle), (ulong)timeout.TotalMicroseconds));
            ((OutstandingCall)handle.Target!).Slot = slot;
            _outstandingCalls.Add(handle);
            BeginOperation();
        }
        catch
        {
            if (handle.IsAllocated)
            {
                handle.Free();
            }

            throw;
        }
        finally
        {
            SdBusNative.MessageUnref(message);
        }
    }

    // Dispose: the bus is gone, no reply handler can run any more.
    private void FreeOutstandingCalls()
    {
        foreach (GCHandle h in _outstandingCalls)
        {
            SdBusNative.SlotUnref(((OutstandingCall)h.Target!).Slot);
            h.Free();
        }

        _outstandingCalls.Clear();
    }

    [UnmanagedCallersOnly]
    private static int OnAsyncReply(IntPtr reply, IntPtr userdata, IntPtr error)
    {
        GCHandle handle = GCHandle.FromIntPtr(userdata);
        var call = (OutstandingCall)handle.Target!;
        BusConnection connection = call.Connection;
        try
        {
            connection._outstandingCalls.Remove(handle);
            if (SdBusNative.MessageIsMethodError(reply, IntPtr.Zero) > 0)
            {
                SdBusError* e = SdBusNative.MessageGetError(reply);
                call.OnReply(null, new DBusException(NativeStrings.FromUtf8(e->Name) ?? "org.freedesktop.DBus.Error.Failed", NativeStrings.FromUtf8(e->Message) ?? string.Empty));
            }
            else
            {
                call.OnReply(new MessageReader(reply), null);
            }
        }
        catch (Exception e)
        {
            connection.UnexpectedException?.Invoke(e);
        }
        finally
        {
            // The slot is ours (not floating): dropping it after the handler is allowed and frees it.
            SdBusNative.SlotUnref(call.Slot);
            handle.Free();
            connection.EndOperation();
        }

        return 0;
    }

    private sealed class OutstandingCall
    {
        public OutstandingCall(BusConnection connection, Action<MessageReader?, DBusException?> onReply)
        {
            Connection = connection;
            OnReply = onReply;
        }

        public BusConnection Connection { get; }

        public Action<MessageReader?, DBusException?> OnReply { get; }

        public IntPtr Slot { get; set; }
    }
}
