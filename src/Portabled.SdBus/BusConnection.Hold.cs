// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <content>
/// Getting ready while the name is already ours: method calls held back until everything is
/// registered (<see cref="HoldCalls"/>), and the name asked for without waiting for the answer
/// (<see cref="RequestNameAsync"/>).
/// </content>
public sealed unsafe partial class BusConnection
{
    // org.freedesktop.DBus.RequestName's flag and answers (D-Bus specification).
    private const uint DoNotQueue = 4;
    private const uint NamePrimaryOwner = 1;
    private const uint NameExists = 3;
    private const uint NameAlreadyOwner = 4;

    /// <summary>
    /// Holds back every method call that arrives from now until the returned scope is disposed, and
    /// then hands them to the loop in the order they came. A daemon can so ask for its name with the
    /// connection's first messages, as upstream does, and register what serves it meanwhile: a call
    /// that arrives early waits instead of meeting an object that is not there yet. Only on the bus
    /// thread before it serves (the prologue of <see cref="Start"/>).
    /// </summary>
    public IDisposable HoldCalls() => new CallHold(this);

    /// <summary>
    /// Asks for a well-known name (no queueing) and returns at once; <paramref name="done"/> runs on the
    /// bus thread with null once the name is ours, or with why not (<c>File exists</c> when someone
    /// else owns it, as sd_bus_request_name answers). Only on the bus thread.
    /// </summary>
    public void RequestNameAsync(string name, Action<DBusException?> done) =>
        CallAsync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "RequestName", w => w.String(name).UInt32(DoNotQueue), (reply, error) =>
        {
            if (error is not null)
            {
                done(error);
                return;
            }

            uint answer = reply!.UInt32();
            done(answer switch
            {
                NamePrimaryOwner => null,
                NameExists => DBusException.FromErrno(-17),
                NameAlreadyOwner => DBusException.FromErrno(-114),
                _ => new DBusException("org.freedesktop.DBus.Error.Failed", $"Unexpected RequestName answer {answer}."),
            });
        });

    [UnmanagedCallersOnly]
    private static int HoldCall(IntPtr message, IntPtr userdata, IntPtr error)
    {
        if (SdBusNative.MessageIsMethodCall(message, IntPtr.Zero, IntPtr.Zero) <= 0)
        {
            return 0;
        }

        ((CallHold)GCHandle.FromIntPtr(userdata).Target!).Held.Add(SdBusNative.MessageRef(message));
        return 1; // handled: no object lookup, no error reply
    }

    private sealed class CallHold : IDisposable
    {
        private readonly BusConnection _connection;
        private GCHandle _handle;
        private IntPtr _slot;

        public CallHold(BusConnection connection)
        {
            _connection = connection;
            _handle = GCHandle.Alloc(this);
            int rc = SdBusNative.AddFilter(connection._bus, out _slot, &HoldCall, GCHandle.ToIntPtr(_handle));
            if (rc < 0)
            {
                _handle.Free();
                throw DBusException.FromErrno(rc);
            }
        }

        public List<IntPtr> Held { get; } = [];

        public void Dispose()
        {
            if (!_handle.IsAllocated)
            {
                return;
            }

            SdBusNative.SlotUnref(_slot);
            _handle.Free();
            int failed = 0;
            foreach (IntPtr message in Held)
            {
                int rc = SdBusNative.EnqueueForRead(_connection._bus, message);
                failed = failed < 0 ? failed : Math.Min(rc, 0);
                SdBusNative.MessageUnref(message);
            }

            Held.Clear();
            if (failed < 0)
            {
                throw DBusException.FromErrno(failed);
            }
        }
    }
}
