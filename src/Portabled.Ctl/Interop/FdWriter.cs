// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Ctl.Interop;

/// <summary>
/// Writes straight to a file descriptor number with write(2). .NET's console streams write to a
/// duplicate of fd 1/2 taken at start-up, so they would miss the pager pipe dup2()ed over them
/// later; this writer always hits whatever the descriptor refers to now.
/// </summary>
internal static unsafe partial class FdWriter
{
    private const int EIntr = 4;

    /// <summary>Writes everything; false when the reader is gone (EPIPE) or the write failed.</summary>
    public static bool WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = Write(fd, p + done, (nuint)(data.Length - done));
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == EIntr)
                    {
                        continue;
                    }

                    return false;
                }

                done += (int)n;
            }
        }

        return true;
    }

    [LibraryImport("libc.so.6", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, byte* buffer, nuint count);
}
