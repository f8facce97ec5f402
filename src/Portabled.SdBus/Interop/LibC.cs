// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.SdBus.Interop;

/// <summary>The few libc calls the bus loop needs: an eventfd to wake the loop and poll(2).</summary>
internal static unsafe partial class LibC
{
    public const short PollIn = 0x001;
    public const int EfdCloexec = 0x80000;
    public const int EfdNonblock = 0x800;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short REvents;
    }

    [LibraryImport("libc.so.6", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initval, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc.so.6", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport("libc.so.6", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport("libc.so.6", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "clock_gettime")]
    public static partial int ClockGetTime(int clock, out TimeSpec ts);

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>CLOCK_MONOTONIC in µs: the clock sd_bus_get_timeout answers in.</summary>
    public static ulong MonotonicMicroseconds()
    {
        ClockGetTime(1, out TimeSpec ts);
        return (ulong)ts.Seconds * 1_000_000UL + (ulong)ts.Nanoseconds / 1000UL;
    }
}
