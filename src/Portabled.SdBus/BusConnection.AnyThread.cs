// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.ExceptionServices;
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <content>
/// Client calls on a served connection from any thread. sd-bus connections are not thread-safe, so a
/// call from another thread is handed to the bus thread (as an asynchronous call: the loop keeps
/// serving meanwhile) and the caller waits for its reply; on the bus thread, or before the loop
/// runs, it is an ordinary synchronous call. In the bus thread's prologue the call is sent at once,
/// behind the Hello of a connection the bus is still accepting, instead of after the Hello's reply
/// as sd_bus_call sends it: one round trip less at start-up.
/// </content>
public sealed partial class BusConnection
{
    // How much longer than the call's own timeout a caller waits for the bus thread to answer: past
    // that the loop has stopped (the daemon is shutting down) and no reply handler will ever run.
    private static readonly TimeSpan s_loopGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_defaultCallTimeout = TimeSpan.FromSeconds(25);

    /// <summary>
    /// Calls a method and reads the reply with <paramref name="read"/>, from any thread. An error reply
    /// throws <see cref="DBusException"/> with the peer's error name and message. A zero
    /// <paramref name="timeout"/> is sd-bus's default (25 s).
    /// </summary>
    public T CallFromAnyThread<T>(string destination, string path, string iface, string member, Action<MessageWriter>? arguments,
        Func<MessageReader, T> read, TimeSpan timeout)
    {
        if (_thread is null || _thread == Thread.CurrentThread)
        {
            return _thread is not null && !_serving
                ? SendBeforeServing(destination, path, iface, member, arguments, read, timeout)()
                : Call(destination, path, iface, member, arguments, read, timeout);
        }

        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                CallAsync(destination, path, iface, member, arguments, (reply, error) =>
                {
                    if (error is not null)
                    {
                        result.TrySetException(error);
                        return;
                    }

                    try
                    {
                        result.TrySetResult(read(reply!));
                    }
                    catch (Exception e)
                    {
                        result.TrySetException(e);
                    }
                }, timeout);
            }
            catch (Exception e)
            {
                result.TrySetException(e);
            }
        });
        TimeSpan wait = (timeout == TimeSpan.Zero ? s_defaultCallTimeout : timeout) + s_loopGrace;
        bool answered;
        try
        {
            answered = result.Task.Wait(wait);
        }
        catch (AggregateException)
        {
            answered = true; // the error itself is rethrown unwrapped below
        }

        if (!answered)
        {
            throw new DBusException("org.freedesktop.DBus.Error.NoReply", $"The bus loop did not answer a call of {iface}.{member} within {wait.TotalSeconds} s.");
        }

        return result.Task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// From the bus thread before it serves (the prologue of <see cref="Start"/>): sends the call at
    /// once, behind the Hello of a connection the bus is still accepting, and returns. The returned
    /// function processes the connection until the reply is in and returns what
    /// <paramref name="read"/> made of it, or throws the error; work done in between overlaps the
    /// round trip. Whatever else arrives meanwhile is dispatched, as sd_bus_call's own wait for the
    /// Hello would: before the loop serves nothing is registered, and a daemon that already asked for
    /// its name holds the calls that come (<see cref="HoldCalls"/>).
    /// </summary>
    public Func<T> SendBeforeServing<T>(string destination, string path, string iface, string member, Action<MessageWriter>? arguments,
        Func<MessageReader, T> read, TimeSpan timeout)
    {
        if (_thread != Thread.CurrentThread || _serving)
        {
            throw new InvalidOperationException("SendBeforeServing is for the bus thread's prologue.");
        }

        bool answered = false;
        T value = default!;
        Exception? failure = null;
        CallAsync(destination, path, iface, member, arguments, (reply, error) =>
        {
            answered = true;
            try
            {
                value = error is null ? read(reply!) : throw error;
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, timeout);
        return () =>
        {
            while (!answered)
            {
                int rc = SdBusNative.Process(_bus, IntPtr.Zero);
                if (rc == 0)
                {
                    rc = SdBusNative.Wait(_bus, ulong.MaxValue);
                }

                if (rc < 0)
                {
                    throw DBusException.FromErrno(rc);
                }
            }

            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            return value;
        };
    }
}
