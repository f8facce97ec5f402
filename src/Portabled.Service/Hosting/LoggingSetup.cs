// SPDX-License-Identifier: LGPL-2.1-or-later
using Serilog;
using Serilog.Events;

namespace Portabled.Service.Hosting;

/// <summary>
/// Serilog for the daemon: natively to journald (structured fields, <see cref="JournalSink"/>) when stderr
/// is the journal, as upstream's daemons log; otherwise one line per event on stderr.
/// </summary>
public static class LoggingSetup
{
    /// <summary>Builds the logger for <paramref name="options"/>; <paramref name="level"/> can change the threshold later (LogControl1).</summary>
    public static Serilog.ILogger Create(DaemonOptions options, Serilog.Core.LoggingLevelSwitch level)
    {
        level.MinimumLevel = ParseLevel(options.LogLevel);
        LoggerConfiguration configuration = new LoggerConfiguration()
            .MinimumLevel.ControlledBy(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            // Start-up failures are reported once, in one line, by Program.
            .MinimumLevel.Override("Microsoft.Extensions.Hosting", LogEventLevel.Fatal)
            .Enrich.FromLogContext();
        if (JournalStream.IsStandardErrorTheJournal())
        {
            return configuration.WriteTo.Sink(new JournalSink(SyslogIdentifier())).CreateLogger();
        }

        return configuration
            .WriteTo.Console(outputTemplate: "{Message:lj}{NewLine}{Exception}", standardErrorFromLevel: LogEventLevel.Verbose,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
    }

    // Like systemd's program_invocation_short_name: the name we were started as.
    private static string SyslogIdentifier() =>
        Path.GetFileName(Environment.GetCommandLineArgs() is [{ Length: > 0 } argv0, ..] ? argv0 : "portabled");

    /// <summary>systemd's log level names (and numbers) to Serilog levels.</summary>
    public static LogEventLevel ParseLevel(string level) => level switch
    {
        "debug" or "7" => LogEventLevel.Debug,
        "info" or "notice" or "6" or "5" => LogEventLevel.Information,
        "warning" or "4" => LogEventLevel.Warning,
        "err" or "3" => LogEventLevel.Error,
        "crit" or "alert" or "emerg" or "2" or "1" or "0" => LogEventLevel.Fatal,
        _ => LogEventLevel.Information,
    };
}
