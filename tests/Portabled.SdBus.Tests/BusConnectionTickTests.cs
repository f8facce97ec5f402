// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.SdBus.Tests;

/// <summary>The loop's periodic tick (<see cref="BusConnection.OnTick"/>): on the bus thread, between calls, until the loop stops.</summary>
public sealed class BusConnectionTickTests : IDisposable
{
    private readonly PrivateBus _bus = new();

    public void Dispose() => _bus.Dispose();

    [RequiresFact("dbus-daemon", "busctl")]
    public void Tick_RunsOnTheBusThread_Repeatedly_AndCanStopTheLoop()
    {
        using BusConnection server = BusConnection.Open(_bus.Address);
        Thread? loopThread = null;
        server.Start(() => loopThread = Thread.CurrentThread);
        var threads = new List<Thread>();
        server.OnTick(TimeSpan.FromMilliseconds(20), () =>
        {
            threads.Add(Thread.CurrentThread);
            if (threads.Count == 3)
            {
                server.Stop();
            }
        });

        Assert.True(server.Stopped.Wait(TimeSpan.FromSeconds(10)), "the tick did not stop the loop");
        Assert.Equal(3, threads.Count);
        Assert.All(threads, t => Assert.Same(loopThread, t));
    }

    [RequiresFact("dbus-daemon", "busctl")]
    public void Tick_Throwing_IsReported_AndTheLoopGoesOn()
    {
        using BusConnection server = BusConnection.Open(_bus.Address);
        var reported = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.UnexpectedException = e => reported.TrySetResult(e);
        server.Start();
        server.OnTick(TimeSpan.FromMilliseconds(10), () => throw new InvalidOperationException("tick failed"));

        Assert.True(reported.Task.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal("tick failed", reported.Task.Result.Message);
        Assert.Equal(7, server.InvokeAsync(() => 7).Result);
    }
}
