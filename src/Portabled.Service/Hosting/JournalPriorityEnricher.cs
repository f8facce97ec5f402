// SPDX-License-Identifier: LGPL-2.1-or-later
using Serilog.Core;
using Serilog.Events;

namespace Portabled.Service.Hosting;

/// <summary>
/// Adds the syslog priority of each event as <c>Priority</c>: journald reads a leading
/// <c>&lt;N&gt;</c> on a service's stderr line as that line's priority (SyslogLevelPrefix=).
/// </summary>
public sealed class JournalPriorityEnricher : ILogEventEnricher
{
    /// <inheritdoc />
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) =>
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("Priority", ToPriority(logEvent.Level)));

    /// <summary>syslog priority of a Serilog level (LOG_DEBUG 7 … LOG_CRIT 2).</summary>
    public static int ToPriority(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => 7,
        LogEventLevel.Information => 6,
        LogEventLevel.Warning => 4,
        LogEventLevel.Error => 3,
        _ => 2,
    };
}
