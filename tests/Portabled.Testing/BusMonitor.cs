// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics;
using System.Text.Json;

namespace Portabled.Testing;

/// <summary>
/// <c>busctl monitor --json=short</c> on a <see cref="PrivateBus"/> (as root: BecomeMonitor): every
/// message on the bus, one JSON object each. Stopped on dispose.
/// </summary>
public sealed class BusMonitor : IDisposable
{
    private readonly Process _process;
    private readonly List<JsonElement> _messages = [];

    /// <summary>Starts monitoring and waits until the monitor sees its own traffic.</summary>
    public BusMonitor(PrivateBus bus)
    {
        var psi = new ProcessStartInfo("busctl") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "--address=" + bus.Address, "monitor", "--json=short" })
        {
            psi.ArgumentList.Add(a);
        }

        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start busctl monitor");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitFor(_ => true, TimeSpan.FromSeconds(10), () => bus.Busctl("call", "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetId"));
    }

    /// <summary>Method calls seen so far with this member.</summary>
    public IReadOnlyList<JsonElement> Calls(string member)
    {
        lock (_messages)
        {
            return _messages.Where(m => m.GetProperty("type").GetString() == "method_call" &&
                m.TryGetProperty("member", out JsonElement mm) && mm.GetString() == member).ToList();
        }
    }

    /// <summary>Waits until a message matches; <paramref name="poke"/> runs between looks.</summary>
    public JsonElement WaitFor(Func<JsonElement, bool> match, TimeSpan limit, Action? poke = null)
    {
        DateTime end = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < end)
        {
            lock (_messages)
            {
                foreach (JsonElement m in _messages)
                {
                    if (match(m))
                    {
                        return m;
                    }
                }
            }

            poke?.Invoke();
            Thread.Sleep(50);
        }

        throw new TimeoutException("no matching bus message");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (string.IsNullOrWhiteSpace(line) || !line.StartsWith('{'))
        {
            return;
        }

        using var doc = JsonDocument.Parse(line);
        lock (_messages)
        {
            _messages.Add(doc.RootElement.Clone());
        }
    }
}
