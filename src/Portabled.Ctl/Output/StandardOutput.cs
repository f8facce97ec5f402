// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Ctl.Interop;

namespace Portabled.Ctl.Output;

/// <summary>
/// stdout with C stdio's buffering: line-buffered on a terminal, fully buffered otherwise and
/// flushed at exit or where upstream calls fflush(). This keeps the interleaving of stdout and
/// stderr the same as upstream's when both go to one file.
/// </summary>
internal static class StandardOutput
{
    private static readonly MemoryStream s_buffer = new();

    public static void Write(string text) => Write(Encoding.UTF8.GetBytes(text));

    public static void WriteLine(string text = "") => Write(text + "\n");

    public static void Write(ReadOnlySpan<byte> bytes)
    {
        s_buffer.Write(bytes);
        if (Terminal.StdoutIsTty && bytes.Contains((byte)'\n'))
        {
            Flush();
        }
    }

    public static void Flush()
    {
        if (s_buffer.Length == 0)
        {
            return;
        }

        FdWriter.WriteAll(LibC.StdoutFileNo, s_buffer.GetBuffer().AsSpan(0, (int)s_buffer.Length));
        s_buffer.SetLength(0);
    }
}
