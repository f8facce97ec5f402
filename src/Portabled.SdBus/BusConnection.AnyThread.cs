// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.SdBus;

/// <content>
/// Client calls on a served connection from any thread. sd-bus connections are not thread-safe, so a
/// call from another thread is handed to the bus thread (as an asynchronous call: the loop keeps
/// serving meanwhile) and the caller waits for its reply; on the bus thread, or before the loop
/// runs, it is an ordinary synchronous call.
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
            return Call(destination, path, iface, member, arguments, read, timeout);
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
}
