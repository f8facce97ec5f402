// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Logging;

namespace Portabled.Core;

/// <summary>Core's log messages (Debug level only; the host decides what matters more).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Image {Image} found at {Path}")]
    public static partial void ImageFound(ILogger logger, string image, string path);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Computing the state of {Image} failed, ignoring: {Error}")]
    public static partial void StateFailed(ILogger logger, string image, string error);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Skipping unit file {Unit} in {Path}: {Reason}")]
    public static partial void UnitSkipped(ILogger logger, string unit, string path, string reason);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Debug, Message = "Failed to open unit path {Path}, ignoring: {Reason}")]
    public static partial void UnitDirectorySkipped(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Extracted {Count} unit files from {Image}")]
    public static partial void UnitsExtracted(ILogger logger, int count, string image);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "Attached {Image}: {Count} changes")]
    public static partial void Attached(ILogger logger, string image, int count);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Detached {Image}: {Count} changes")]
    public static partial void Detached(ILogger logger, string image, int count);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Rolling back {Path} after a failed attach")]
    public static partial void RollingBack(ILogger logger, string path);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Removing {Path} failed, continuing: {Error}")]
    public static partial void RemoveFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "Creating the image link {Path} failed, ignoring: {Error}")]
    public static partial void ImageLinkFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Debug, Message = "Ignoring the os-release of {Image}: {Reason}")]
    public static partial void OsReleaseIgnored(ILogger logger, string image, string reason);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Debug, Message = "Recovery: {Message}")]
    public static partial void Recovery(ILogger logger, string message);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Debug, Message = "Keeping the intent record {Path} for recovery")]
    public static partial void IntentKept(ILogger logger, string path);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Debug, Message = "Undoing the staged changes of a failed attach ({Error})")]
    public static partial void UndoingAttach(ILogger logger, string error);
}
