// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Runtime.InteropServices;
using Portabled.Ctl.Interop;

namespace Portabled.Ctl.Output;

/// <summary>
/// What the standard streams are connected to, decided once the way systemd's terminal-util does
/// it (docs/portablectl.md, "Terminal"): colours only when stdout and stderr are both terminals and
/// TERM is set and not "dumb" (SYSTEMD_COLORS and NO_COLOR override), the width from $COLUMNS
/// first and then the terminal, UTF-8 glyphs when the locale's codeset is UTF-8 (SYSTEMD_UTF8
/// overrides).
/// </summary>
internal static class Terminal
{
    private const int DefaultColumns = 80;
    private static readonly Lazy<bool> s_stdoutIsTty = new(() => LibC.IsATty(LibC.StdoutFileNo) == 1);
    private static readonly Lazy<bool> s_stderrIsTty = new(() => LibC.IsATty(LibC.StderrFileNo) == 1);
    private static readonly Lazy<bool> s_stdinIsTty = new(() => LibC.IsATty(LibC.StdinFileNo) == 1);
    private static readonly Lazy<ColorMode> s_colorMode = new(DetectColorMode);
    private static readonly Lazy<bool> s_utf8 = new(DetectUtf8);
    private static int s_columns;

    public static bool StdoutIsTty => s_stdoutIsTty.Value;

    public static bool StderrIsTty => s_stderrIsTty.Value;

    public static bool StdinIsTty => s_stdinIsTty.Value;

    /// <summary>systemd's on_tty(): stdout and stderr both terminals.</summary>
    public static bool OnTty => StdoutIsTty && StderrIsTty;

    /// <summary>TERM unset or "dumb".</summary>
    public static bool TermIsDumb => Environment.GetEnvironmentVariable("TERM") is null or "dumb";

    /// <summary>systemd's terminal_is_dumb(): not on a terminal, or a dumb one.</summary>
    public static bool IsDumb => !OnTty || TermIsDumb;

    public static ColorMode Colors => s_colorMode.Value;

    public static bool ColorsEnabled => Colors != ColorMode.Off;

    /// <summary>The Linux console cannot underline; everything else that has colours can.</summary>
    public static bool UnderlineEnabled => ColorsEnabled && Environment.GetEnvironmentVariable("TERM") != "linux";

    /// <summary>OSC 8 hyperlinks: SYSTEMD_URLIFY, else whenever colours are on.</summary>
    public static bool UrlifyEnabled => EnvironmentBoolean("SYSTEMD_URLIFY") ?? ColorsEnabled;

    public static bool IsUtf8 => s_utf8.Value;

    /// <summary>Columns for layout: $COLUMNS, else stdout's terminal width, else 80.</summary>
    public static int Columns
    {
        get
        {
            if (s_columns == 0)
            {
                int c = ParseColumns(Environment.GetEnvironmentVariable("COLUMNS"));
                if (c <= 0)
                {
                    c = LibC.TerminalColumns(LibC.StdoutFileNo);
                }

                s_columns = c > 0 ? c : DefaultColumns;
            }

            return s_columns;
        }
    }

    /// <summary>systemd's parse_boolean(): 1/yes/y/true/t/on and 0/no/n/false/f/off, else null.</summary>
    public static bool? ParseBoolean(string? value) => value?.ToLowerInvariant() switch
    {
        "1" or "yes" or "y" or "true" or "t" or "on" => true,
        "0" or "no" or "n" or "false" or "f" or "off" => false,
        _ => null,
    };

    public static bool? EnvironmentBoolean(string name) => ParseBoolean(Environment.GetEnvironmentVariable(name));

    private static int ParseColumns(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int c) && c is > 0 and <= ushort.MaxValue ? c : 0;

    private static ColorMode DetectColorMode()
    {
        string? setting = Environment.GetEnvironmentVariable("SYSTEMD_COLORS");
        ColorMode? explicitMode = setting switch
        {
            "16" => ColorMode.Colors16,
            "256" => ColorMode.Colors256,
            "24bit" => ColorMode.Colors24Bit,
            _ => ParseBoolean(setting) switch
            {
                true => DefaultDepth(),
                false => ColorMode.Off,
                null => null,
            },
        };
        if (explicitMode is { } m)
        {
            return m;
        }

        if (Environment.GetEnvironmentVariable("NO_COLOR") is not null || IsDumb)
        {
            return ColorMode.Off;
        }

        return DefaultDepth();
    }

    private static ColorMode DefaultDepth() =>
        Environment.GetEnvironmentVariable("COLORTERM") is "truecolor" or "24bit" ? ColorMode.Colors24Bit : ColorMode.Colors256;

    // Like is_locale_utf8(): ask libc for the codeset of the locale the environment selects; a
    // locale that is not installed cannot be checked, and counts as UTF-8.
    private static bool DetectUtf8()
    {
        if (EnvironmentBoolean("SYSTEMD_UTF8") is { } forced)
        {
            return forced;
        }

        IntPtr previous = LibC.SetLocale(LibC.LcCtype, null);
        string? saved = Marshal.PtrToStringUTF8(previous);
        try
        {
            if (LibC.SetLocale(LibC.LcCtype, string.Empty) == IntPtr.Zero)
            {
                return true;
            }

            string? codeset = Marshal.PtrToStringUTF8(LibC.NlLangInfo(LibC.Codeset));
            return codeset is null or "UTF-8";
        }
        finally
        {
            LibC.SetLocale(LibC.LcCtype, saved ?? "C");
        }
    }
}
