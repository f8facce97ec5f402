// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Output;
using Portabled.SdBus;

namespace Portabled.Ctl.Bus;

/// <summary>
/// Waits for systemd's JobRemoved signal of every added job, like upstream's bus_wait_for_jobs():
/// the match is installed before the first job is queued, so no signal can be missed. Failed jobs
/// are reported with systemctl's texts, but (as upstream 262 portablectl does) only when it runs
/// with --quiet: it hands its quiet flag over as the "log errors" flag.
/// </summary>
internal sealed class JobWaiter : IDisposable
{
    private const string Rule = "type='signal',sender='org.freedesktop.systemd1',path='/org/freedesktop/systemd1',interface='org.freedesktop.systemd1.Manager',member='JobRemoved'";
    private readonly ServiceManagerClient _manager;
    private readonly IDisposable _match;
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly List<(string Unit, string Result)> _finished = [];

    public JobWaiter(ServiceManagerClient manager)
    {
        _manager = manager;
        _match = manager.Connection.AddMatch(Rule, OnJobRemoved);
    }

    public void Add(string job) => _pending.Add(job);

    /// <summary>Blocks until every added job is gone; reports failures when <paramref name="logErrors"/>.</summary>
    public void Wait(bool logErrors)
    {
        try
        {
            _manager.Connection.WaitUntil(() => _pending.Count == 0, Timeout.InfiniteTimeSpan);
        }
        catch (DBusException e)
        {
            CtlLog.Error($"Failed to wait for response: {e.Describe()}");
            return;
        }

        foreach (var (unit, result) in _finished)
        {
            if (logErrors)
            {
                JobResults.Report(_manager, unit, result);
            }
        }

        _finished.Clear();
    }

    public void Dispose() => _match.Dispose();

    private void OnJobRemoved(BusSignal signal)
    {
        signal.Arguments.UInt32();
        string job = signal.Arguments.ObjectPath();
        string unit = signal.Arguments.String();
        string result = signal.Arguments.String();
        if (_pending.Remove(job))
        {
            _finished.Add((unit, result));
        }
    }
}
