// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics;

namespace Portabled.Testing;

/// <summary>Result of a finished process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs tools for fixtures and oracles, with a timeout so a hung tool fails the test instead of the run.</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="file"/> and returns its result, whatever the exit code.</summary>
    public static ProcessResult Run(string file, IEnumerable<string> arguments, string? workingDirectory = null,
        IDictionary<string, string>? environment = null, string? standardInput = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (string a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        if (workingDirectory is not null)
        {
            psi.WorkingDirectory = workingDirectory;
        }

        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        // Read on threads of their own, not the pool's: an async read of a pipe holds a pool thread
        // blocked for the whole life of the process, and tests that run tools side by side would
        // starve the pool (it adds a thread only every half second or so).
        var stdout = new PipeReader(p.StandardOutput);
        var stderr = new PipeReader(p.StandardError);
        if (standardInput is not null)
        {
            p.StandardInput.Write(standardInput);
            p.StandardInput.Close();
        }

        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} timed out");
        }

        return new ProcessResult(p.ExitCode, stdout.Text(), stderr.Text());
    }

    /// <summary>Runs and throws with the tool's stderr when it exits non-zero; returns stdout.</summary>
    public static string RunChecked(string file, params string[] arguments)
    {
        ProcessResult r = Run(file, arguments);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {r.ExitCode}: {r.StandardError}{r.StandardOutput}");
        }

        return r.StandardOutput;
    }

    /// <summary>Runs a shell snippet with bash -c, checked.</summary>
    public static string Shell(string script) => RunChecked("/bin/bash", "-c", "set -euo pipefail; " + script);

    // One stream read to its end on a background thread.
    private sealed class PipeReader
    {
        private readonly Thread _thread;
        private string _text = string.Empty;

        public PipeReader(StreamReader stream)
        {
            _thread = new Thread(() => _text = stream.ReadToEnd()) { IsBackground = true, Name = "process-output" };
            _thread.Start();
        }

        public string Text()
        {
            _thread.Join();
            return _text;
        }
    }
}
