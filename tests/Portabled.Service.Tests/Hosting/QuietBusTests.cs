// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics;
using Portabled.Service.Hosting;

namespace Portabled.Service.Tests.Hosting;

/// <summary>The host's build held back until the bus is quiet (<see cref="QuietBus"/>), never for longer than <see cref="QuietBus.AtMost"/>.</summary>
public sealed class QuietBusTests
{
    private static readonly long s_quiet = (long)QuietBus.Quiet.TotalMilliseconds;

    [Fact]
    public void Wait_CallJustAnswered_ReturnsOnlyOnceNoCallCameForTheQuietPeriod()
    {
        long lastCall = Environment.TickCount64;

        QuietBus.Wait(() => lastCall, () => 0, CancellationToken.None);

        Assert.True(Environment.TickCount64 - lastCall >= s_quiet);
    }

    [Fact]
    public void Wait_CallsKeepComing_ReturnsAtTheLatestAfterAtMost()
    {
        var watch = Stopwatch.StartNew();

        // Every look at the bus sees a call that has just come.
        QuietBus.Wait(() => Environment.TickCount64, () => 0, CancellationToken.None);

        Assert.True(watch.Elapsed >= QuietBus.AtMost - TimeSpan.FromMilliseconds(1), $"returned after {watch.Elapsed}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"returned after {watch.Elapsed}");
    }

    [Fact]
    public void Wait_CallBeingWorkedOn_WaitsForItToFinish()
    {
        long lastCall = Environment.TickCount64 - (10 * s_quiet);
        int pending = 1;
        int looks = 0;

        QuietBus.Wait(() => lastCall, () =>
        {
            // The call finishes on the third look.
            if (++looks == 3)
            {
                pending = 0;
            }

            return pending;
        }, CancellationToken.None);

        Assert.Equal(0, pending);
        Assert.True(looks >= 3);
    }

    [Fact]
    public void Wait_Stopped_ReturnsAtOnce()
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        int looks = 0;

        QuietBus.Wait(() => { looks++; return Environment.TickCount64; }, () => 0, stop.Token);

        Assert.Equal(0, looks);
    }
}
