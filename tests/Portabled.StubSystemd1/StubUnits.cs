// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.StubSystemd1;

/// <summary>
/// What the stub "knows": which units are active (STUB_ACTIVE, plus those started through it), a
/// log of every call (one line each) in STUB_LOG and of property reads in STUB_PROPERTY_LOG for
/// tests to assert on, and the switches that make
/// it behave like another systemd (STUB_SYSTEMD_VERSION, STUB_ENQUEUE_MANY, STUB_JOB_RESULT).
/// Touched only on the bus thread.
/// </summary>
internal sealed class StubUnits
{
    private readonly HashSet<string> _active;
    private readonly string? _log;
    private readonly string? _propertyLog;
    private readonly List<(string Unit, string Link)> _enabledLinks = [];
    private uint _jobs;

    public StubUnits()
    {
        _active = new HashSet<string>((Environment.GetEnvironmentVariable("STUB_ACTIVE") ?? string.Empty)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        _log = Environment.GetEnvironmentVariable("STUB_LOG");
        _propertyLog = Environment.GetEnvironmentVariable("STUB_PROPERTY_LOG");
    }

    public string Version { get; } = Environment.GetEnvironmentVariable("STUB_SYSTEMD_VERSION") ?? "262.1";

    /// <summary>STUB_ENQUEUE_MANY=1: offer systemd 262's EnqueueUnitJobMany (PID 1 252 has none).</summary>
    public bool HasEnqueueUnitJobMany { get; } = Environment.GetEnvironmentVariable("STUB_ENQUEUE_MANY") == "1";

    /// <summary>The result every job ends with in its JobRemoved signal (STUB_JOB_RESULT, default "done").</summary>
    public string JobResult { get; } = Environment.GetEnvironmentVariable("STUB_JOB_RESULT") ?? "done";

    /// <summary>The Result property of failed services (STUB_SERVICE_RESULT, default "exit-code").</summary>
    public string ServiceResult { get; } = Environment.GetEnvironmentVariable("STUB_SERVICE_RESULT") ?? "exit-code";

    public bool IsActive(string unit) => _active.Contains(unit);

    /// <summary>Like systemctl enable: a symlink in TARGET.wants/ (or .requires/) per WantedBy=/RequiredBy= of each file's [Install] section.</summary>
    public IReadOnlyList<(string Type, string Path, string Source)> Enable(IEnumerable<string> files, bool runtime)
    {
        var changes = new List<(string, string, string)>();
        string root = runtime ? "/run/systemd/system" : "/etc/systemd/system";
        foreach (string file in files)
        {
            string name = System.IO.Path.GetFileName(file);
            foreach (var (key, target) in InstallTargets(file))
            {
                string link = $"{root}/{target}.{(key == "RequiredBy" ? "requires" : "wants")}/{name}";
                if (!_enabledLinks.Contains((name, link)))
                {
                    _enabledLinks.Add((name, link));
                }

                changes.Add(("symlink", link, file));
            }
        }

        return changes;
    }

    /// <summary>Like systemctl disable: removes the links <see cref="Enable"/> made for these unit names.</summary>
    public IReadOnlyList<(string Type, string Path, string Source)> Disable(IEnumerable<string> names)
    {
        var changes = new List<(string, string, string)>();
        foreach (string name in names)
        {
            foreach (var (_, link) in _enabledLinks.Where(l => l.Unit == name).ToList())
            {
                _enabledLinks.Remove((name, link));
                changes.Add(("unlink", link, string.Empty));
            }
        }

        return changes;
    }

    public IEnumerable<string> Active => _active.Order(StringComparer.Ordinal);

    public void Start(string unit) => _active.Add(unit);

    public void Stop(string unit) => _active.Remove(unit);

    public uint NextJob() => ++_jobs;

    /// <summary>Logs a property read (one line, its name) in STUB_PROPERTY_LOG, apart from the calls.</summary>
    public void RecordPropertyRead(string name)
    {
        if (_propertyLog is not null)
        {
            File.AppendAllText(_propertyLog, name + "\n");
        }
    }

    public void Record(string call)
    {
        if (_log is not null)
        {
            File.AppendAllText(_log, call + "\n");
        }
    }

    private static IEnumerable<(string Key, string Target)> InstallTargets(string file)
    {
        if (!File.Exists(file))
        {
            yield break;
        }

        bool install = false;
        foreach (string raw in File.ReadLines(file))
        {
            string line = raw.Trim();
            if (line.StartsWith('['))
            {
                install = line == "[Install]";
                continue;
            }

            int eq = line.IndexOf('=');
            if (!install || eq < 0)
            {
                continue;
            }

            string key = line[..eq].Trim();
            if (key is "WantedBy" or "RequiredBy")
            {
                foreach (string target in line[(eq + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    yield return (key, target);
                }
            }
        }
    }
}
