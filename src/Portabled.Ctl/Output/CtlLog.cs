// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Text;
using Portabled.Ctl.Interop;

namespace Portabled.Ctl.Output;

/// <summary>
/// Messages to stderr the way systemd's log_info()/log_error() print them on the console: up to
/// SYSTEMD_LOG_LEVEL (default info), errors red, warnings yellow, notices bold, debug grey when
/// colours are on (SYSTEMD_LOG_COLOR overrides), and "\r\n" line ends on a non-dumb terminal
/// (which may be in raw mode).
/// </summary>
internal static class CtlLog
{
    private static readonly Lazy<LogLevel> s_maxLevel = new(() => ParseLevel(Environment.GetEnvironmentVariable("SYSTEMD_LOG_LEVEL")) ?? LogLevel.Info);
    private static readonly Lazy<bool> s_color = new(() => Terminal.EnvironmentBoolean("SYSTEMD_LOG_COLOR") ?? Terminal.ColorsEnabled);

    public static bool IsEnabled(LogLevel level) => level <= s_maxLevel.Value;

    public static void Debug(string message) => Write(LogLevel.Debug, message);

    public static void Info(string message) => Write(LogLevel.Info, message);

    public static void Notice(string message) => Write(LogLevel.Notice, message);

    public static void Warning(string message) => Write(LogLevel.Warning, message);

    public static void Error(string message) => Write(LogLevel.Error, message);

    public static void Write(LogLevel level, string message)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        // stdout may hold buffered text written before this message; stdio keeps them apart the
        // same way (stderr is unbuffered, stdout is not), so no flush here.
        string on = string.Empty, off = string.Empty;
        if (s_color.Value)
        {
            on = level switch
            {
                <= LogLevel.Error => Ansi.HighlightRed,
                LogLevel.Warning => Ansi.HighlightYellow,
                LogLevel.Notice => Ansi.Highlight,
                LogLevel.Debug => Ansi.Grey,
                _ => string.Empty,
            };
            off = on.Length > 0 ? Ansi.NormalSequence : string.Empty;
        }

        string eol = Terminal.StderrIsTty && !Terminal.TermIsDumb ? "\r\n" : "\n";
        FdWriter.WriteAll(LibC.StderrFileNo, Encoding.UTF8.GetBytes(on + message + off + eol));
    }

    /// <summary>Names (emerg … debug) or numbers 0–7, as log_set_max_level_from_string() takes them.</summary>
    public static LogLevel? ParseLevel(string? value) => value switch
    {
        "emerg" => LogLevel.Emergency,
        "alert" => LogLevel.Alert,
        "crit" => LogLevel.Critical,
        "err" => LogLevel.Error,
        "warning" => LogLevel.Warning,
        "notice" => LogLevel.Notice,
        "info" => LogLevel.Info,
        "debug" => LogLevel.Debug,
        _ when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 0 and <= 7 => (LogLevel)n,
        _ => null,
    };
}
