// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <summary>
/// One sd-bus connection. A server connection is driven by a dedicated bus thread
/// (<see cref="Start"/>): handlers run there, and other threads hand work to it with
/// <see cref="Post"/> — the same single-threaded model as systemd's sd-event loop, so no sd-bus
/// object is ever touched by two threads. A client-only connection (no <see cref="Start"/>) may be
/// used from any one thread at a time for synchronous <see cref="Call{T}"/>s.
/// </summary>
public sealed unsafe partial class BusConnection : IDisposable
{
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly List<GCHandle> _registrations = [];
    private readonly List<IntPtr> _slots = [];
    private readonly Lock _wakeLock = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IntPtr _bus;
    private int _eventFd = -1;
    private Thread? _thread;
    private volatile bool _stopping;
    private bool _serving;
    private Action? _tick;
    private long _tickInterval;
    private long _nextTick;
    private long _lastActivity = Environment.TickCount64;
    private int _pendingOperations;

    private BusConnection(IntPtr bus)
    {
        _bus = bus;
    }

    /// <summary>Maps exceptions thrown by handlers to D-Bus errors (null: use the default mapping).</summary>
    public Func<Exception, DBusException?>? ExceptionMapper { get; set; }

    /// <summary>Called (on the bus thread) for handler exceptions that are not <see cref="DBusException"/>s, before they become <c>Failed</c>.</summary>
    public Action<Exception>? UnexpectedException { get; set; }

    /// <summary>Milliseconds (<see cref="Environment.TickCount64"/>) of the last incoming call or property read.</summary>
    public long LastActivity => Interlocked.Read(ref _lastActivity);

    /// <summary>Calls being worked on off the bus thread.</summary>
    public int PendingOperations => Volatile.Read(ref _pendingOperations);

    /// <summary>Completes when the bus thread has ended (stopped, or the bus disconnected).</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>
    /// Opens <paramref name="spec"/>: <c>system</c> (honours DBUS_SYSTEM_BUS_ADDRESS), <c>user</c>,
    /// or a D-Bus address such as <c>unix:path=/run/x</c>.
    /// </summary>
    public static BusConnection Open(string spec)
    {
        BusConnection connection = Connect(spec);
        // sd_bus_open_* authenticates lazily: ask for the unique name now so a refused connection fails here.
        _ = connection.UniqueName;
        return connection;
    }

    /// <summary>
    /// Connects to <paramref name="spec"/> (as <see cref="Open"/>) without waiting for the bus to
    /// accept the connection: authentication and Hello go on meanwhile, and the first call, or
    /// <see cref="UniqueName"/>, waits for them (and fails if the bus refused).
    /// </summary>
    public static BusConnection Connect(string spec)
    {
        IntPtr bus;
        int rc;
        switch (spec)
        {
            case "system":
                rc = SdBusNative.OpenSystem(out bus);
                break;
            case "user":
                rc = SdBusNative.OpenUser(out bus);
                break;
            default:
                rc = SdBusNative.New(out bus);
                if (rc >= 0)
                {
                    rc = SdBusNative.SetAddress(bus, spec);
                    rc = rc < 0 ? rc : SdBusNative.SetBusClient(bus, 1);
                    rc = rc < 0 ? rc : SdBusNative.Start(bus);
                    if (rc < 0)
                    {
                        SdBusNative.FlushCloseUnref(bus);
                    }
                }

                break;
        }

        if (rc < 0)
        {
            throw DBusException.FromErrno(rc);
        }

        return new BusConnection(bus);
    }

    /// <summary>The connection's unique name (<c>:1.42</c>).</summary>
    public string UniqueName
    {
        get
        {
            Check(SdBusNative.GetUniqueName(_bus, out IntPtr name));
            return NativeStrings.FromUtf8(name) ?? string.Empty;
        }
    }

    /// <summary>
    /// The bus's server GUID (32 lowercase hex digits), as the bus sent it in its authentication reply:
    /// new whenever the bus starts. Not what <c>org.freedesktop.DBus.GetId</c> returns (the machine's ID).
    /// </summary>
    public unsafe string BusId
    {
        get
        {
            byte* id = stackalloc byte[16];
            Check(SdBusNative.GetBusId(_bus, id));
            return Convert.ToHexStringLower(new ReadOnlySpan<byte>(id, 16));
        }
    }

    /// <summary>Takes a well-known name (no queueing): throws when someone else owns it.</summary>
    public void RequestName(string name) => Check(SdBusNative.RequestName(_bus, name, 0));

    /// <summary>Releases a well-known name.</summary>
    public void ReleaseName(string name) => Check(SdBusNative.ReleaseName(_bus, name));

    /// <summary>Registers <paramref name="iface"/> at <paramref name="path"/>. Call before <see cref="Start"/> or on the bus thread.</summary>
    public void AddObject(string path, BusInterface iface)
    {
        IntPtr userdata = Register(new ObjectRegistration(this, iface, null, null));
        Check(SdBusNative.AddObjectVTable(_bus, out IntPtr slot, NativeStrings.Intern(path), NativeStrings.Intern(iface.Name), iface.VTable, userdata));
        _slots.Add(slot);
    }

    /// <summary>
    /// Registers <paramref name="iface"/> for every object below <paramref name="prefix"/> for which
    /// <paramref name="exists"/> answers true (a fallback vtable with a find callback).
    /// </summary>
    public void AddFallback(string prefix, BusInterface iface, Func<string, bool> exists)
    {
        IntPtr userdata = Register(new ObjectRegistration(this, iface, exists, null));
        Check(SdBusNative.AddFallbackVTable(_bus, out IntPtr slot, NativeStrings.Intern(prefix), NativeStrings.Intern(iface.Name),
            iface.VTable, &BusDispatcher.FindObject, userdata));
        _slots.Add(slot);
    }

    /// <summary>Lists the child objects below <paramref name="prefix"/> for introspection and <c>busctl tree</c>.</summary>
    public void AddNodeEnumerator(string prefix, Func<IEnumerable<string>> enumerate)
    {
        IntPtr userdata = Register(new ObjectRegistration(this, new BusInterface(string.Empty, [], []), null, enumerate));
        Check(SdBusNative.AddNodeEnumerator(_bus, out IntPtr slot, NativeStrings.Intern(prefix), &BusDispatcher.EnumerateNodes, userdata));
        _slots.Add(slot);
    }

    /// <summary>
    /// Calls a method synchronously and reads the reply with <paramref name="read"/>. An error reply
    /// throws <see cref="DBusException"/> with the peer's error name and message. A zero
    /// <paramref name="timeout"/> is sd-bus's default (25 s), <see cref="Timeout.InfiniteTimeSpan"/> none.
    /// </summary>
    public T Call<T>(string destination, string path, string iface, string member, Action<MessageWriter>? arguments,
        Func<MessageReader, T> read, TimeSpan timeout, bool allowInteractiveAuthorization = false)
    {
        Check(SdBusNative.MessageNewMethodCall(_bus, out IntPtr message, destination, path, iface, member));
        IntPtr reply = IntPtr.Zero;
        SdBusError error = default;
        try
        {
            arguments?.Invoke(new MessageWriter(message));
            if (allowInteractiveAuthorization)
            {
                Check(SdBusNative.MessageSetAllowInteractiveAuthorization(message, 1));
            }

            int rc = SdBusNative.Call(_bus, message, ToMicroseconds(timeout), &error, out reply);
            if (rc < 0)
            {
                throw error.Name != IntPtr.Zero
                    ? new DBusException(NativeStrings.FromUtf8(error.Name)!, NativeStrings.FromUtf8(error.Message) ?? string.Empty)
                    : DBusException.FromErrno(rc);
            }

            return read(new MessageReader(reply));
        }
        finally
        {
            SdBusNative.ErrorFree(&error);
            if (reply != IntPtr.Zero)
            {
                SdBusNative.MessageUnref(reply);
            }

            SdBusNative.MessageUnref(message);
        }
    }

    /// <summary>Emits a signal (on the bus thread, or on a client connection's only thread).</summary>
    public void EmitSignal(string path, string iface, string member, Action<MessageWriter>? arguments)
    {
        Check(SdBusNative.MessageNewSignal(_bus, out IntPtr message, path, iface, member));
        try
        {
            arguments?.Invoke(new MessageWriter(message));
            Check(SdBusNative.Send(_bus, message, IntPtr.Zero));
        }
        finally
        {
            SdBusNative.MessageUnref(message);
        }
    }

    /// <summary>The uid of the connection owning <paramref name="sender"/>, asked from the bus driver.</summary>
    public uint GetConnectionUnixUser(string sender) =>
        Call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetConnectionUnixUser",
            w => w.String(sender), r => r.UInt32(), TimeSpan.FromSeconds(25));

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        if (_thread is not null && _thread != Thread.CurrentThread)
        {
            _thread.Join();
        }

        foreach (IntPtr slot in _slots)
        {
            SdBusNative.SlotUnref(slot);
        }

        _slots.Clear();
        FreeOutstandingCalls();
        if (_bus != IntPtr.Zero)
        {
            SdBusNative.FlushCloseUnref(_bus);
            _bus = IntPtr.Zero;
        }

        foreach (GCHandle h in _registrations)
        {
            h.Free();
        }

        _registrations.Clear();
        lock (_wakeLock)
        {
            if (_eventFd >= 0)
            {
                LibC.Close(_eventFd);
                _eventFd = -1;
            }
        }
    }

    internal void NoteActivity() => Interlocked.Exchange(ref _lastActivity, Environment.TickCount64);

    internal void BeginOperation() => Interlocked.Increment(ref _pendingOperations);

    internal void EndOperation()
    {
        Interlocked.Decrement(ref _pendingOperations);
        NoteActivity();
    }

    internal DBusException? MapException(Exception e)
    {
        if (e is DBusException d)
        {
            return d;
        }

        DBusException? mapped = ExceptionMapper?.Invoke(e);
        if (mapped is null)
        {
            UnexpectedException?.Invoke(e);
        }

        return mapped;
    }

    internal void SendReply(IntPtr call, Action<MessageWriter>? write)
    {
        Check(SdBusNative.MessageNewMethodReturn(call, out IntPtr reply));
        try
        {
            write?.Invoke(new MessageWriter(reply));
            Check(SdBusNative.Send(IntPtr.Zero, reply, IntPtr.Zero));
        }
        finally
        {
            SdBusNative.MessageUnref(reply);
        }
    }

    internal void SendError(IntPtr call, Exception e)
    {
        DBusException mapped = MapException(e) ?? new DBusException("org.freedesktop.DBus.Error.Failed", e.Message);
        IntPtr name = Marshal.StringToCoTaskMemUTF8(mapped.ErrorName);
        IntPtr text = Marshal.StringToCoTaskMemUTF8(mapped.Message);
        SdBusError error = default;
        try
        {
            SdBusNative.ErrorSet(&error, name, text);
            SdBusNative.ReplyMethodError(call, &error);
        }
        finally
        {
            SdBusNative.ErrorFree(&error);
            Marshal.FreeCoTaskMem(name);
            Marshal.FreeCoTaskMem(text);
        }
    }

    private IntPtr Register(ObjectRegistration registration)
    {
        GCHandle handle = GCHandle.Alloc(registration);
        _registrations.Add(handle);
        return GCHandle.ToIntPtr(handle);
    }

    private static int Check(int rc) => rc < 0 ? throw DBusException.FromErrno(rc) : rc;
}
