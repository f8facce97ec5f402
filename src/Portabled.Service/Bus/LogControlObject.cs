// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.SdBus;
using Serilog.Core;

namespace Portabled.Service.Bus;

/// <summary>
/// <c>/org/freedesktop/LogControl1</c>: systemd's standard log-control interface
/// (org.freedesktop.LogControl1(5)), which every systemd daemon exposes and
/// <c>systemctl service-log-level</c> uses. Setting needs privilege (sd-bus checks it: no UNPRIVILEGED flag).
/// </summary>
internal sealed class LogControlObject
{
    public const string Path = "/org/freedesktop/LogControl1";
    private static readonly string[] s_targets = ["console", "console-prefixed", "kmsg", "journal", "journal-or-kmsg", "syslog", "syslog-or-kmsg", "auto", "null"];

    private readonly LoggingLevelSwitch _level;
    private string _target = "console";

    public LogControlObject(LoggingLevelSwitch level)
    {
        _level = level;
    }

    public BusInterface Interface => new("org.freedesktop.LogControl1",
        [
            new BusProperty("LogLevel", "s", (_, w) => w.String(LevelName()), BusVTableFlags.None, (_, r) => SetLevel(r.String())),
            new BusProperty("LogTarget", "s", (_, w) => w.String(_target), BusVTableFlags.None, (_, r) => SetTarget(r.String())),
            new BusProperty("SyslogIdentifier", "s", (_, w) => w.String("systemd-portabled")),
        ],
        []);

    private string LevelName() => Hosting.SyslogPriority.From(_level.MinimumLevel) switch
    {
        7 => "debug",
        6 => "info",
        4 => "warning",
        3 => "err",
        _ => "crit",
    };

    private void SetLevel(string value)
    {
        if (value is not ("debug" or "info" or "notice" or "warning" or "err" or "crit" or "alert" or "emerg"))
        {
            throw new DBusException("org.freedesktop.DBus.Error.InvalidArgs", $"Invalid log level '{value}'");
        }

        _level.MinimumLevel = Hosting.LoggingSetup.ParseLevel(value);
    }

    private void SetTarget(string value) =>
        _target = s_targets.Contains(value) ? value : throw new DBusException("org.freedesktop.DBus.Error.InvalidArgs", $"Invalid log target '{value}'");
}
