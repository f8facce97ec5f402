// SPDX-License-Identifier: LGPL-2.1-or-later
using Serilog.Events;

namespace Portabled.Service.Hosting;

/// <summary>
/// The catalog ids upstream attaches to its messages (sd-messages.h), by our event id
/// (<see cref="Log"/>): SD_MESSAGE_PORTABLE_ATTACHED and SD_MESSAGE_PORTABLE_DETACHED (systemd 256+).
/// </summary>
public static class JournalMessageIds
{
    /// <summary>SD_MESSAGE_PORTABLE_ATTACHED.</summary>
    public const string PortableAttached = "187c62eb1e7f463bb530394f52cb090f";

    /// <summary>SD_MESSAGE_PORTABLE_DETACHED.</summary>
    public const string PortableDetached = "76c5c754d628490d8ecba4c9d042112b";

    /// <summary>The MESSAGE_ID of an event, when upstream gives its counterpart one.</summary>
    public static bool TryGet(LogEvent logEvent, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? messageId)
    {
        messageId = EventId(logEvent) switch
        {
            Log.SuccessfullyAttachedEventId => PortableAttached,
            Log.SuccessfullyDetachedEventId => PortableDetached,
            _ => null,
        };
        return messageId is not null;
    }

    private static int? EventId(LogEvent logEvent)
    {
        if (logEvent.Properties.TryGetValue("EventId", out LogEventPropertyValue? value) && value is StructureValue structure)
        {
            foreach (LogEventProperty property in structure.Properties)
            {
                if (property is { Name: "Id", Value: ScalarValue { Value: int id } })
                {
                    return id;
                }
            }
        }

        return null;
    }
}
