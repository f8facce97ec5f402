// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.StubSystemd1;

/// <summary>
/// What the stub "knows": which units are active (STUB_ACTIVE, plus those started through it) and a
/// log of every call (one line each) in STUB_LOG, for tests to assert on. Touched only on the bus thread.
/// </summary>
internal sealed class StubUnits
{
    private readonly HashSet<string> _active;
    private readonly string? _log;
    private uint _jobs;

    public StubUnits()
    {
        _active = new HashSet<string>((Environment.GetEnvironmentVariable("STUB_ACTIVE") ?? string.Empty)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        _log = Environment.GetEnvironmentVariable("STUB_LOG");
    }

    public string Version { get; } = Environment.GetEnvironmentVariable("STUB_SYSTEMD_VERSION") ?? "262.1";

    public bool IsActive(string unit) => _active.Contains(unit);

    public IEnumerable<string> Active => _active.Order(StringComparer.Ordinal);

    public void Start(string unit) => _active.Add(unit);

    public void Stop(string unit) => _active.Remove(unit);

    public uint NextJob() => ++_jobs;

    public void Record(string call)
    {
        if (_log is not null)
        {
            File.AppendAllText(_log, call + "\n");
        }
    }
}
