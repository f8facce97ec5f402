// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <content>The bus thread: sd_bus_process until idle, run posted work, poll the bus fd and a wake-up eventfd.</content>
public sealed unsafe partial class BusConnection
{
    /// <summary>
    /// Starts the bus thread; handlers run on it from now on. It runs <paramref name="prologue"/>
    /// first (on the connection, as its only user) and then serves. A prologue that throws ends the
    /// thread (<see cref="Stopped"/> faults); one that calls <see cref="Stop"/> ends it without serving.
    /// </summary>
    public void Start(Action? prologue = null)
    {
        _eventFd = LibC.EventFd(0, LibC.EfdCloexec | LibC.EfdNonblock);
        if (_eventFd < 0)
        {
            throw DBusException.FromErrno(Marshal.GetLastPInvokeError());
        }

        _thread = new Thread(() => Loop(prologue)) { Name = "sd-bus", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="action"/> on the bus thread (exceptions are reported through <see cref="UnexpectedException"/>).</summary>
    public void Post(Action action)
    {
        _posted.Enqueue(action);
        Wake();
    }

    /// <summary>Runs <paramref name="func"/> on the bus thread and returns its result.</summary>
    public Task<T> InvokeAsync<T>(Func<T> func)
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                tcs.SetResult(func());
            }
            catch (Exception e)
            {
                tcs.SetException(e);
            }
        });
        return tcs.Task;
    }

    /// <summary>
    /// Runs <paramref name="tick"/> on the bus thread about every <paramref name="interval"/>, between
    /// dispatches: a daemon's periodic duties (idle exit, watchdog) need no timer thread, and they
    /// stop when the loop does. Replaces an earlier tick.
    /// </summary>
    public void OnTick(TimeSpan interval, Action tick) =>
        Post(() =>
        {
            _tick = tick;
            _tickInterval = (long)interval.TotalMilliseconds;
            _nextTick = Environment.TickCount64 + _tickInterval;
        });

    /// <summary>Asks the bus thread to finish after the current iteration.</summary>
    public void Stop()
    {
        _stopping = true;
        Wake();
    }

    // Under the lock: a worker posting a late reply must never write to a descriptor number that
    // Dispose closed and the process reused for something else (another connection's socket).
    private void Wake()
    {
        lock (_wakeLock)
        {
            if (_eventFd >= 0)
            {
                ulong one = 1;
                LibC.Write(_eventFd, &one, sizeof(ulong));
            }
        }
    }

    private void Loop(Action? prologue)
    {
        LibC.PollFd* fds = stackalloc LibC.PollFd[2];
        try
        {
            prologue?.Invoke();
            _serving = true;
            while (!_stopping)
            {
                int rc;
                while ((rc = SdBusNative.Process(_bus, IntPtr.Zero)) > 0)
                {
                }

                if (rc < 0)
                {
                    throw DBusException.FromErrno(rc);
                }

                // Read the eventfd before draining, so a Post racing with the drain wakes the next poll.
                ulong counter;
                LibC.Read(_eventFd, &counter, sizeof(ulong));
                if (RunPosted())
                {
                    continue; // posted work queues replies: let sd_bus_process write them first
                }

                // Stop() sets the flag before waking us; if the read above consumed that wake-up,
                // the flag is already visible here, so the poll below never waits for it in vain.
                if (_stopping)
                {
                    break;
                }

                RunTickIfDue();
                if (_stopping)
                {
                    break;
                }

                fds[0] = new LibC.PollFd { Fd = Check(SdBusNative.GetFd(_bus)), Events = (short)Check(SdBusNative.GetEvents(_bus)) };
                fds[1] = new LibC.PollFd { Fd = _eventFd, Events = LibC.PollIn };
                LibC.Poll(fds, 2, Earlier(PollTimeout(), TickTimeout()));
            }

            SdBusNative.Flush(_bus);
            _stopped.TrySetResult();
        }
        catch (Exception e)
        {
            _stopped.TrySetException(e);
        }
    }

    private bool RunPosted()
    {
        bool ran = false;
        while (_posted.TryDequeue(out Action? action))
        {
            ran = true;
            try
            {
                action();
            }
            catch (Exception e)
            {
                UnexpectedException?.Invoke(e);
            }
        }

        return ran;
    }

    private void RunTickIfDue()
    {
        if (_tick is null || Environment.TickCount64 < _nextTick)
        {
            return;
        }

        _nextTick = Environment.TickCount64 + _tickInterval;
        try
        {
            _tick();
        }
        catch (Exception e)
        {
            UnexpectedException?.Invoke(e);
        }
    }

    // Poll timeouts in milliseconds, -1 for none.
    private static int Earlier(int a, int b) => a < 0 ? b : b < 0 ? a : Math.Min(a, b);

    // Milliseconds to the next tick, -1 for none.
    private int TickTimeout() => _tick is null ? -1 : (int)Math.Clamp(_nextTick - Environment.TickCount64, 0, int.MaxValue);

    // sd_bus_get_timeout answers an absolute CLOCK_MONOTONIC time in µs, UINT64_MAX for none.
    private int PollTimeout()
    {
        Check(SdBusNative.GetTimeout(_bus, out ulong until));
        if (until == ulong.MaxValue)
        {
            return -1;
        }

        ulong now = LibC.MonotonicMicroseconds();
        return until <= now ? 0 : (int)Math.Min((until - now + 999) / 1000, int.MaxValue);
    }
}
