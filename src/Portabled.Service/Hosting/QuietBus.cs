// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.SdBus;

namespace Portabled.Service.Hosting;

/// <summary>
/// Holds back the host's build until the bus has gone quiet: a bus-activated daemon answers its
/// first call before the host exists (<see cref="BusServing"/>), and on two cores the build (about
/// half a millisecond of CPU) would otherwise run while the caller and dbus-daemon deliver and print
/// that answer (docs/benchmarks.md, "… the host built once the bus is quiet"). Nothing waits for the host:
/// it only adds the periodic duties (idle exit, watchdog, memory trim), which a few hundred
/// milliseconds do not change.
/// </summary>
internal static class QuietBus
{
    /// <summary>How long no call may have come in.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest wait, however busy the bus is.</summary>
    public static readonly TimeSpan AtMost = TimeSpan.FromMilliseconds(250);

    /// <summary>Returns once <paramref name="bus"/> has had no call for <see cref="Quiet"/> and none is being worked on, after <see cref="AtMost"/>, or when <paramref name="stop"/> is cancelled.</summary>
    public static void Wait(BusConnection bus, CancellationToken stop) => Wait(() => bus.LastActivity, () => bus.PendingOperations, stop);

    /// <summary>The same wait on the last call's time (<see cref="Environment.TickCount64"/>) and the count of calls worked on.</summary>
    internal static void Wait(Func<long> lastActivity, Func<int> pendingOperations, CancellationToken stop)
    {
        long deadline = Environment.TickCount64 + (long)AtMost.TotalMilliseconds;
        long quiet = (long)Quiet.TotalMilliseconds;
        TimeSpan sleep = Quiet;
        while (!stop.WaitHandle.WaitOne(sleep))
        {
            long now = Environment.TickCount64;
            long sinceCall = now - lastActivity();
            if ((sinceCall >= quiet && pendingOperations() == 0) || now >= deadline)
            {
                return;
            }

            // Sleep until the quiet period could next be over, not in a fixed step: fewer wake-ups.
            long next = pendingOperations() > 0 ? quiet : quiet - sinceCall;
            sleep = TimeSpan.FromMilliseconds(Math.Clamp(Math.Min(next, deadline - now), 1, quiet));
        }
    }
}
