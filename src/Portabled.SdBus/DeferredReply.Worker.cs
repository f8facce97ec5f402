// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.SdBus;

/// <content>Answering from the thread pool.</content>
public sealed partial class DeferredReply
{
    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool and replies with what it returns (or the error
    /// it throws). The bus thread is free meanwhile; the reply goes out on the bus thread. The work
    /// counts in <see cref="BusConnection.PendingOperations"/> until it has returned.
    /// </summary>
    public void CompleteFromWorker(Func<Action<MessageWriter>?> work)
    {
        Connection.BeginOperation();
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                (DeferredReply reply, Func<Action<MessageWriter>?> job) = state;
                try
                {
                    reply.Complete(job());
                }
                catch (Exception e)
                {
                    reply.Fail(e);
                }
                finally
                {
                    reply.Connection.EndOperation();
                }
            },
            (this, work),
            preferLocal: false);
    }
}
