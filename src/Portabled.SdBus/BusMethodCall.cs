// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <summary>
/// An incoming method call while its handler runs on the bus thread: the arguments, the caller,
/// and the ways to answer — <see cref="Reply"/> now, or <see cref="Defer"/> to answer later from
/// any thread (the reply is posted back to the bus thread).
/// </summary>
public sealed partial class BusMethodCall
{
    private readonly IntPtr _message;

    internal BusMethodCall(BusConnection connection, IntPtr message)
    {
        Connection = connection;
        _message = message;
        Arguments = new MessageReader(message);
        Path = NativeStrings.FromUtf8(SdBusNative.MessageGetPath(message)) ?? string.Empty;
        Member = NativeStrings.FromUtf8(SdBusNative.MessageGetMember(message)) ?? string.Empty;
        Sender = NativeStrings.FromUtf8(SdBusNative.MessageGetSender(message));
    }

    /// <summary>The connection the call arrived on.</summary>
    public BusConnection Connection { get; }

    /// <summary>Object path called.</summary>
    public string Path { get; }

    /// <summary>Method name.</summary>
    public string Member { get; }

    /// <summary>Unique name of the caller (null on a direct connection).</summary>
    public string? Sender { get; }

    /// <summary>The arguments, read in signature order (only while the handler runs).</summary>
    public MessageReader Arguments { get; }

    /// <summary>Whether the caller allows interactive authorization (ALLOW_INTERACTIVE_AUTHORIZATION header flag).</summary>
    public bool AllowInteractiveAuthorization => SdBusNative.MessageGetAllowInteractiveAuthorization(_message) > 0;

    internal bool Handled { get; private set; }

    /// <summary>
    /// The caller's uid, asked from the bus (<c>GetConnectionUnixUser</c>, as upstream portabled does
    /// before deciding on authorization).
    /// </summary>
    public uint GetCallerUid() =>
        Sender is null ? throw new DBusException("org.freedesktop.DBus.Error.AccessDenied", "Caller unknown.") : Connection.GetConnectionUnixUser(Sender);

    /// <summary>Sends the method return, with the values <paramref name="write"/> appends.</summary>
    public void Reply(Action<MessageWriter>? write = null)
    {
        Handled = true;
        Connection.SendReply(_message, write);
    }

    /// <summary>Keeps the message and returns a handle to answer it later, from any thread.</summary>
    public DeferredReply Defer()
    {
        Handled = true;
        return new DeferredReply(Connection, SdBusNative.MessageRef(_message));
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool and replies with what it returns (or the error
    /// it throws). The bus thread is free meanwhile; the reply goes out on the bus thread.
    /// </summary>
    public void ReplyFromWorker(Func<Action<MessageWriter>?> work) => Defer().CompleteFromWorker(work);
}
