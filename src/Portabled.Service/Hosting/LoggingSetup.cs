// SPDX-License-Identifier: LGPL-2.1-or-later
using Serilog;
using Serilog.Events;

namespace Portabled.Service.Hosting;

/// <summary>Serilog for the daemon: one line per event on stderr, with a journald priority prefix when stderr is the journal.</summary>
public static class LoggingSetup
{
    /// <summary>Builds the logger for <paramref name="options"/>; <paramref name="level"/> can change the threshold later (LogControl1).</summary>
    public static Serilog.ILogger Create(DaemonOptions options, Serilog.Core.LoggingLevelSwitch level)
    {
        level.MinimumLevel = ParseLevel(options.LogLevel);
        // JOURNAL_STREAM is set by systemd when stderr is connected to journald.
        bool journal = Environment.GetEnvironmentVariable("JOURNAL_STREAM") is { Length: > 0 };
        string template = journal ? "<{Priority}>{Message:lj}{NewLine}{Exception}" : "{Message:lj}{NewLine}{Exception}";
        return new LoggerConfiguration()
            .MinimumLevel.ControlledBy(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            // Start-up failures are reported once, in one line, by Program.
            .MinimumLevel.Override("Microsoft.Extensions.Hosting", LogEventLevel.Fatal)
            .Enrich.With<JournalPriorityEnricher>()
            .WriteTo.Console(outputTemplate: template, standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
    }

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
