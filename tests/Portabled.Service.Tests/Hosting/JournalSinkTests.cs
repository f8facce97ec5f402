// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Service.Hosting;
using Serilog.Events;
using Serilog.Parsing;

namespace Portabled.Service.Tests.Hosting;

public class JournalSinkTests
{
    [Theory]
    [InlineData("Image", "IMAGE")]
    [InlineData("PortableRoot", "PORTABLE_ROOT")]
    [InlineData("UniqueName", "UNIQUE_NAME")]
    [InlineData("Unit", "UNIT")]
    [InlineData("IPv4Address", "IPV4_ADDRESS")]
    [InlineData("a-b", "A_B")]
    public void ToFieldName_Property_UpperSnakeCase(string property, string field)
    {
        Assert.Equal(field, JournalSink.ToFieldName(property));
    }

    [Fact]
    public void ToEntry_AttachEvent_CarriesUpstreamFields()
    {
        LogEvent logEvent = Event(LogEventLevel.Information, "Successfully attached '{Image}'",
            ("Image", new ScalarValue("/var/lib/portables/app")),
            ("EventId", new StructureValue([new LogEventProperty("Id", new ScalarValue(10))])),
            ("SourceContext", new ScalarValue("Portabled.Service.Bus.PortableRequests")),
            ("PortableRoot", new ScalarValue("app")),
            ("PortableExtension", new SequenceValue([new ScalarValue("ext1.raw"), new ScalarValue("ext2")])));

        var fields = new JournalSink("portabled").ToEntry(logEvent).Fields;

        Assert.Equal(
            [
                ("MESSAGE", "Successfully attached '/var/lib/portables/app'"),
                ("PRIORITY", "6"),
                ("SYSLOG_IDENTIFIER", "portabled"),
                ("MESSAGE_ID", JournalMessageIds.PortableAttached),
                ("IMAGE", "/var/lib/portables/app"),
                ("PORTABLE_ROOT", "app"),
                ("PORTABLE_EXTENSION", "ext1.raw"),
                ("PORTABLE_EXTENSION", "ext2"),
            ],
            fields);
    }

    [Fact]
    public void ToEntry_ErrorWithException_PriorityThreeAndExceptionInMessage()
    {
        var exception = new InvalidOperationException("boom");
        LogEvent logEvent = new(DateTimeOffset.UnixEpoch, LogEventLevel.Error, exception, new MessageTemplateParser().Parse("Failed"), []);

        var fields = new JournalSink("portabled").ToEntry(logEvent).Fields;

        Assert.Equal(("PRIORITY", "3"), fields[1]);
        Assert.StartsWith("Failed\nSystem.InvalidOperationException: boom", fields[0].Value, StringComparison.Ordinal);
        Assert.DoesNotContain(fields, f => f.Name == "MESSAGE_ID");
    }

    [Theory]
    [InlineData("8:12345", "socket:[12345]", true)]
    [InlineData("8:12345", "socket:[12346]", false)]
    [InlineData("8:12345", "/dev/pts/0", false)]
    [InlineData("", "socket:[12345]", false)]
    [InlineData("12345", "socket:[12345]", false)]
    [InlineData(null, "socket:[12345]", false)]
    [InlineData("8:12345", null, false)]
    public void Matches_JournalStreamAgainstStderr_OnlySameSocket(string? journalStream, string? link, bool expected)
    {
        Assert.Equal(expected, JournalStream.Matches(journalStream, link));
    }

    private static LogEvent Event(LogEventLevel level, string template, params (string Name, LogEventPropertyValue Value)[] properties) =>
        new(DateTimeOffset.UnixEpoch, level, null, new MessageTemplateParser().Parse(template),
            properties.Select(p => new LogEventProperty(p.Name, p.Value)));
}
