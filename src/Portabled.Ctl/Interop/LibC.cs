// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Ctl.Interop;

/// <summary>
/// The libc calls a terminal client needs and .NET does not offer: isatty and the window size,
/// the locale's codeset, local time with the zone abbreviation, raw file descriptors for the pager
/// and the polkit agent, and symlink-aware path probes.
/// </summary>
internal static unsafe partial class LibC
{
    public const int StdinFileNo = 0;
    public const int StdoutFileNo = 1;
    public const int StderrFileNo = 2;
    public const int LcCtype = 0;
    public const int LcAll = 6;
    public const int Codeset = 14;
    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int FOk = 0;
    public const short PollHup = 0x010;
    public const int Sigterm = 15;
    public const int Sigcont = 18;
    public const int ORdwr = 0x2;
    public const int ONoctty = 0x100;
    public const int OCloexec = 0x80000;
    public const int XOk = 1;
    private const uint Tiocgwinsz = 0x5413;

    [StructLayout(LayoutKind.Sequential)]
    public struct WinSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixel;
        public ushort YPixel;
    }

    /// <summary>struct tm (glibc x86-64 layout).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Tm
    {
        public int Sec;
        public int Min;
        public int Hour;
        public int MDay;
        public int Mon;
        public int Year;
        public int WDay;
        public int YDay;
        public int IsDst;
        public long GmtOff;
        public IntPtr Zone;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short REvents;
    }

    [LibraryImport("libc.so.6", EntryPoint = "isatty")]
    public static partial int IsATty(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlWinSize(int fd, nuint request, out WinSize size);

    [LibraryImport("libc.so.6", EntryPoint = "setlocale", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr SetLocale(int category, string? locale);

    [LibraryImport("libc.so.6", EntryPoint = "nl_langinfo")]
    public static partial IntPtr NlLangInfo(int item);

    [LibraryImport("libc.so.6", EntryPoint = "tzset")]
    public static partial void TzSet();

    [LibraryImport("libc.so.6", EntryPoint = "localtime_r")]
    public static partial IntPtr LocalTime(in long time, out Tm result);

    [LibraryImport("libc.so.6", EntryPoint = "strftime", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nuint StrFTime(byte* buffer, nuint max, string format, in Tm tm);

    [LibraryImport("libc.so.6", EntryPoint = "faccessat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int FAccessAt(int dirfd, string path, int mode, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Access(string path, int mode);

    [LibraryImport("libc.so.6", EntryPoint = "geteuid")]
    public static partial uint GetEUid();

    [LibraryImport("libc.so.6", EntryPoint = "pipe2", SetLastError = true)]
    public static partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "dup", SetLastError = true)]
    public static partial int Dup(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "dup2", SetLastError = true)]
    public static partial int Dup2(int oldFd, int newFd);

    [LibraryImport("libc.so.6", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc.so.6", EntryPoint = "kill")]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc.so.6", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LStat(string path, byte* statBuffer);

    [LibraryImport("libc.so.6", EntryPoint = "readlink", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint ReadLink(string path, byte* buffer, nuint size);

    [LibraryImport("libc.so.6", EntryPoint = "strerror")]
    private static partial IntPtr StrError(int errno);

    /// <summary>The terminal's width in columns, or 0 when <paramref name="fd"/> is no terminal.</summary>
    public static int TerminalColumns(int fd) => IoctlWinSize(fd, Tiocgwinsz, out WinSize size) == 0 ? size.Columns : 0;

    /// <summary>The terminal's height in rows, or 0 when <paramref name="fd"/> is no terminal.</summary>
    public static int TerminalRows(int fd) => IoctlWinSize(fd, Tiocgwinsz, out WinSize size) == 0 ? size.Rows : 0;

    /// <summary>strerror(3), in the C locale's English like systemd's %m.</summary>
    public static string ErrorMessage(int errno) => Marshal.PtrToStringUTF8(StrError(Math.Abs(errno))) ?? $"errno {errno}";

    /// <summary>lstat(2)'s st_mode, or the negative errno.</summary>
    public static int LStatMode(string path)
    {
        // struct stat on x86-64 is 144 bytes; st_mode is the u32 at offset 24.
        byte* buffer = stackalloc byte[256];
        return LStat(path, buffer) == 0 ? (int)*(uint*)(buffer + 24) : -Marshal.GetLastPInvokeError();
    }

    /// <summary>readlink(2), or null with <paramref name="errno"/> set.</summary>
    public static string? ReadLinkTarget(string path, out int errno)
    {
        const int Size = 4096;
        byte* buffer = stackalloc byte[Size];
        nint n = ReadLink(path, buffer, Size);
        errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
        return n < 0 ? null : System.Text.Encoding.UTF8.GetString(buffer, (int)n);
    }
}
