// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Interop;

namespace Portabled.Ctl.Output;

/// <summary>
/// systemd's format_timestamp(): "Mon 2026-11-23 02:35:09 UTC" in local time (TZ honoured) with
/// the English weekday and the zone's abbreviation; null for 0 and UINT64_MAX (unset).
/// </summary>
internal static unsafe class Timestamps
{
    private static readonly string[] s_weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static bool s_tzSet;

    public static string? Format(ulong microseconds)
    {
        if (microseconds == 0 || microseconds == ulong.MaxValue)
        {
            return null;
        }

        if (!s_tzSet)
        {
            LibC.TzSet();
            s_tzSet = true;
        }

        long seconds = (long)(microseconds / 1_000_000);
        if (LibC.LocalTime(seconds, out LibC.Tm tm) == IntPtr.Zero || tm.Year + 1900 > 9999)
        {
            return null;
        }

        byte* buffer = stackalloc byte[64];
        nuint n = LibC.StrFTime(buffer, 64, "%Y-%m-%d %H:%M:%S", tm);
        if (n == 0)
        {
            return null;
        }

        string zone = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(tm.Zone) ?? string.Empty;
        string text = s_weekdays[tm.WDay] + " " + System.Text.Encoding.UTF8.GetString(buffer, (int)n);
        return zone.Length > 0 ? text + " " + zone : text;
    }
}
