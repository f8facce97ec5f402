// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics;

namespace Portabled.Testing;

/// <summary>Our daemon started directly on a <see cref="PrivateBus"/>, usually with <c>--root=</c>; killed on dispose.</summary>
public sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;

    /// <summary>Starts <see cref="PortabledCommands.Daemon"/> with <paramref name="arguments"/> and waits until it owns its name.</summary>
    public DaemonProcess(PrivateBus bus, params string[] arguments)
    {
        string[] command = PortabledCommands.Daemon.Split(' ');
        var psi = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (string a in command.Skip(1).Concat(["--bus=" + bus.Address]).Concat(arguments))
        {
            psi.ArgumentList.Add(a);
        }

        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the daemon");
        // A test class whose constructor throws is never disposed: the process must not outlive the run.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (int i = 0; i < 300; i++)
        {
            if (bus.Busctl("status", "org.freedesktop.portable1").ExitCode == 0)
            {
                return;
            }

            if (_process.HasExited)
            {
                break;
            }

            Thread.Sleep(20);
        }

        Dispose();
        throw new InvalidOperationException("daemon did not take org.freedesktop.portable1: " + Log);
    }

    /// <summary>What the daemon printed so far.</summary>
    public string Log { get; private set; } = string.Empty;

    /// <summary>The daemon's process.</summary>
    public Process Process => _process;

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_process)
            {
                Log += line + "\n";
            }
        }
    }
}
