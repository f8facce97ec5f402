// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Logging;

namespace Portabled.Core.Lint;

/// <summary>
/// A logger that keeps the units Core's extraction skips (its <c>UnitSkipped</c> event), so the lint
/// reports exactly what attach would leave out, for the reason attach has, without a second scan.
/// </summary>
internal sealed class SkippedUnitCollector : ILogger
{
    // Core's Log.UnitSkipped.
    private const int UnitSkippedEventId = 1002;

    public List<(string Unit, string Reason)> Skipped { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id != UnitSkippedEventId || state is not IReadOnlyList<KeyValuePair<string, object?>> properties)
        {
            return;
        }

        string unit = properties.FirstOrDefault(p => p.Key == "Unit").Value?.ToString() ?? string.Empty;
        string reason = properties.FirstOrDefault(p => p.Key == "Reason").Value?.ToString() ?? string.Empty;
        Skipped.Add((unit, reason));
    }
}
