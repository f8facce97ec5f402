// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Output;

/// <summary>syslog priorities, as SYSTEMD_LOG_LEVEL names them.</summary>
internal enum LogLevel
{
    Emergency = 0,
    Alert = 1,
    Critical = 2,
    Error = 3,
    Warning = 4,
    Notice = 5,
    Info = 6,
    Debug = 7,
}
