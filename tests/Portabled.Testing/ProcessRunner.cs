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
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
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

        return new ProcessResult(p.ExitCode, stdout.Result, stderr.Result);
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
}
