// SPDX-License-Identifier: LGPL-2.1-or-later
using Serilog.Events;

namespace Portabled.Service.Hosting;

/// <summary>The syslog priorities of Serilog's levels, as journald's <c>PRIORITY=</c> and LogControl1 name them.</summary>
public static class SyslogPriority
{
    /// <summary>syslog priority of a Serilog level (LOG_DEBUG 7 … LOG_CRIT 2).</summary>
    public static int From(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => 7,
        LogEventLevel.Information => 6,
        LogEventLevel.Warning => 4,
        LogEventLevel.Error => 3,
        _ => 2,
    };
}
