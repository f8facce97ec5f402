// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Logging;
using Portabled.Core.Versions;

namespace Portabled.Service;

/// <summary>The daemon's log messages (stable event ids, named properties).</summary>
internal static partial class Log
{
    /// <summary>The event id of "Successfully attached…" (journal MESSAGE_ID SD_MESSAGE_PORTABLE_ATTACHED).</summary>
    public const int SuccessfullyAttachedEventId = 10;

    /// <summary>The event id of "Successfully detached…" (journal MESSAGE_ID SD_MESSAGE_PORTABLE_DETACHED).</summary>
    public const int SuccessfullyDetachedEventId = 11;

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Connected to the {Bus} bus as {UniqueName}.")]
    public static partial void Connected(ILogger logger, string bus, string uniqueName);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Behaving like systemd {Version}.")]
    public static partial void UpstreamVersionChosen(ILogger logger, UpstreamVersion version);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Exiting after {Seconds} s without requests.")]
    public static partial void IdleExit(ILogger logger, double seconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Unexpected failure while handling a bus request.")]
    public static partial void UnexpectedFailure(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Lost the bus connection.")]
    public static partial void BusLost(ILogger logger, Exception exception);

    // Upstream's journal messages since 256 (MESSAGE_ID SD_MESSAGE_PORTABLE_ATTACHED/_DETACHED).
    [LoggerMessage(EventId = SuccessfullyAttachedEventId, Level = LogLevel.Information, Message = "Successfully attached{Ephemeral} '{Image}'{Extensions}{Profile}")]
    public static partial void SuccessfullyAttached(ILogger logger, string ephemeral, string image, string extensions, string profile);

    [LoggerMessage(EventId = SuccessfullyDetachedEventId, Level = LogLevel.Information, Message = "Successfully detached{Ephemeral} '{Image}'{Extensions}")]
    public static partial void SuccessfullyDetached(ILogger logger, string ephemeral, string image, string extensions);

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Recovery at start failed, retrying before the next operation: {Error}")]
    public static partial void RecoveryFailed(ILogger logger, string error);
}
