// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Logging;
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Versions;

namespace Portabled.Core.Tests.Lint;

/// <summary>A refused attach keeps upstream's error and logs the lint's explanation at Information, with its properties.</summary>
public class AttachExplainerTests
{
    [Fact]
    public void Attach_NoId_UpstreamErrorAndExplanationLogged()
    {
        using TestHost host = LintImages.NewHost();
        string tree = LintImages.Tree(host);
        File.WriteAllText($"{tree}/usr/lib/os-release", "NAME=App\n");
        LintImages.CopyDirectory(host, tree, "/tmp/img/app");
        var logger = new RecordingLogger();
        var manager = new PortableManager(host.Layout, host.Units, UpstreamVersion.V262, logger);

        var e = Assert.Throws<ErrnoException>(() => manager.Attach("/tmp/img/app", [], ["app"], "default", "", 0));

        Assert.Equal("Image /tmp/img/app os-release metadata lacks the ID field", e.Message);
        var entry = Assert.Single(logger.Entries, x => x.EventId == 1040);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("os-release.id", entry.Properties["Check"]);
        Assert.Equal("os-release: ID=", entry.Properties["Subject"]);
        Assert.StartsWith("os-release has no ID=", (string)entry.Properties["Explanation"]!, StringComparison.Ordinal);
        Assert.Equal("/tmp/img/app", entry.Properties["Image"]);
    }

    [Fact]
    public void Attach_Works_NoExplanation()
    {
        using TestHost host = LintImages.NewHost();
        LintImages.CopyDirectory(host, LintImages.Tree(host), "/tmp/img/app");
        var logger = new RecordingLogger();

        new PortableManager(host.Layout, host.Units, UpstreamVersion.V262, logger).Attach("/tmp/img/app", [], ["app"], "default", "", 0);

        Assert.DoesNotContain(logger.Entries, x => x.EventId == 1040);
    }

    private sealed class RecordingLogger : ILogger<PortableManager>
    {
        public List<(int EventId, LogLevel Level, Dictionary<string, object?> Properties)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((eventId.Id, logLevel, state is IReadOnlyList<KeyValuePair<string, object?>> p ? p.ToDictionary(x => x.Key, x => x.Value) : []));
    }
}
