// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Text;
using Portabled.SdBus.Journal;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Portabled.Service.Hosting;

/// <summary>
/// Writes log events to journald natively, as upstream's daemons do under systemd: <c>MESSAGE</c>,
/// <c>PRIORITY</c>, <c>SYSLOG_IDENTIFIER</c>, the <c>MESSAGE_ID</c> upstream gives an event (attach and
/// detach since 256), and every scalar property of the event as an upper-case field
/// (<c>{Image}</c> → <c>IMAGE=</c>, <c>{PortableRoot}</c> → <c>PORTABLE_ROOT=</c>; a sequence property
/// becomes one field per element, like upstream's repeated <c>PORTABLE_EXTENSION=</c>).
/// docs/logging.md lists the fields.
/// </summary>
public sealed class JournalSink : ILogEventSink
{
    private readonly string _identifier;
    private readonly IFormatProvider _format = CultureInfo.InvariantCulture;

    // ":l" renders string properties as they are, without the quotes Serilog adds by default.
    private readonly MessageTemplateTextFormatter _message = new("{Message:lj}", CultureInfo.InvariantCulture);

    /// <summary>Creates the sink; <paramref name="identifier"/> becomes <c>SYSLOG_IDENTIFIER</c>.</summary>
    public JournalSink(string identifier)
    {
        _identifier = identifier;
    }

    /// <summary>Set when an entry could not be sent (the last negative errno); the sink never throws.</summary>
    public int LastError { get; private set; }

    /// <inheritdoc />
    public void Emit(LogEvent logEvent)
    {
        int result = ToEntry(logEvent).Send();
        if (result < 0)
        {
            LastError = result;
        }
    }

    /// <summary>The journal entry for one event (public for tests).</summary>
    public JournalEntry ToEntry(LogEvent logEvent)
    {
        using var message = new StringWriter(CultureInfo.InvariantCulture);
        _message.Format(logEvent, message);
        if (logEvent.Exception is { } exception)
        {
            message.Write('\n');
            message.Write(exception);
        }

        var entry = new JournalEntry()
            .Add("MESSAGE", message.ToString())
            .Add("PRIORITY", SyslogPriority.From(logEvent.Level).ToString(_format))
            .Add("SYSLOG_IDENTIFIER", _identifier);
        if (JournalMessageIds.TryGet(logEvent, out string? messageId))
        {
            entry.Add("MESSAGE_ID", messageId);
        }

        foreach ((string name, LogEventPropertyValue value) in logEvent.Properties)
        {
            AddProperty(entry, name, value);
        }

        return entry;
    }

    private void AddProperty(JournalEntry entry, string name, LogEventPropertyValue value)
    {
        // EventId and SourceContext are Microsoft.Extensions.Logging plumbing; Priority is PRIORITY already.
        if (name is "EventId" or "SourceContext" or "Priority")
        {
            return;
        }

        string field = ToFieldName(name);
        if (!JournalEntry.IsValidFieldName(field) || entry.Fields.Count >= JournalEntry.MaxFields - 1)
        {
            return;
        }

        switch (value)
        {
            case ScalarValue { Value: null }:
                break;
            case ScalarValue { Value: string s }:
                entry.Add(field, s);
                break;
            case ScalarValue scalar:
                entry.Add(field, Convert.ToString(scalar.Value, _format) ?? string.Empty);
                break;
            case SequenceValue sequence:
                foreach (LogEventPropertyValue element in sequence.Elements)
                {
                    if (element is ScalarValue { Value: { } v } && entry.Fields.Count < JournalEntry.MaxFields - 1)
                    {
                        entry.Add(field, Convert.ToString(v, _format) ?? string.Empty);
                    }
                }

                break;
            default:
                entry.Add(field, value.ToString(null, _format));
                break;
        }
    }

    /// <summary><c>PortableRoot</c> → <c>PORTABLE_ROOT</c>: an underscore before each inner capital that follows a lower-case letter or digit.</summary>
    public static string ToFieldName(string property)
    {
        var sb = new StringBuilder(property.Length + 4);
        for (int i = 0; i < property.Length; i++)
        {
            char c = property[i];
            if (char.IsAsciiLetterUpper(c) && i > 0 && (char.IsAsciiLetterLower(property[i - 1]) || char.IsAsciiDigit(property[i - 1])))
            {
                sb.Append('_');
            }

            sb.Append(char.IsAsciiLetter(c) ? char.ToUpperInvariant(c) : char.IsAsciiDigit(c) ? c : '_');
        }

        return sb.ToString();
    }
}
