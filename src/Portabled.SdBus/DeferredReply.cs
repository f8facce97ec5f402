// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <summary>
/// A method call to answer later. It holds a reference on the message; the reply (or error) and
/// the unref happen on the bus thread, because sd-bus objects — refcounts included — are not
/// thread-safe. Answer exactly once.
/// </summary>
public sealed partial class DeferredReply
{
    private readonly IntPtr _message;
    private int _answered;

    internal DeferredReply(BusConnection connection, IntPtr message)
    {
        Connection = connection;
        _message = message;
    }

    /// <summary>The connection the call arrived on.</summary>
    public BusConnection Connection { get; }

    /// <summary>Replies with the values <paramref name="write"/> appends.</summary>
    public void Complete(Action<MessageWriter>? write)
    {
        if (Interlocked.Exchange(ref _answered, 1) == 0)
        {
            Connection.Post(() =>
            {
                try
                {
                    Connection.SendReply(_message, write);
                }
                catch (Exception e)
                {
                    Connection.SendError(_message, e);
                }
                finally
                {
                    SdBusNative.MessageUnref(_message);
                }
            });
        }
    }

    /// <summary>Replies with the error <paramref name="error"/> maps to.</summary>
    public void Fail(Exception error)
    {
        if (Interlocked.Exchange(ref _answered, 1) == 0)
        {
            Connection.Post(() =>
            {
                try
                {
                    Connection.SendError(_message, error);
                }
                finally
                {
                    SdBusNative.MessageUnref(_message);
                }
            });
        }
    }
}
