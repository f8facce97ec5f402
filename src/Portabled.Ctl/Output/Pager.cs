// SPDX-License-Identifier: LGPL-2.1-or-later
using System.ComponentModel;
using System.Diagnostics;
using System.IO.Pipes;
using Portabled.Ctl.Interop;

namespace Portabled.Ctl.Output;

/// <summary>
/// Pipes stdout (and stderr when that is a terminal) through a pager the way systemd tools do
/// (docs/portablectl.md, "Pager"): only when stdout and stderr are terminals and TERM is not dumb;
/// $SYSTEMD_PAGER, then $PAGER ("" or "cat" mean none), then pager, less, more; LESS from
/// $SYSTEMD_LESS (default FRSXMK), LESSCHARSET from $SYSTEMD_LESSCHARSET (default utf-8). In
/// secure mode ($SYSTEMD_PAGERSECURE, by default when not running as the session's owner or under
/// sudo) LESSSECURE=1 is set, and unless secure mode was asked for explicitly only less is used.
/// </summary>
internal sealed class Pager
{
    private Process? _process;
    private int _savedStdout = -1;
    private int _savedStderr = -1;

    public bool IsOpen => _process is not null;

    public void Open()
    {
        if (_process is not null || Terminal.IsDumb)
        {
            return;
        }

        string? configured = Environment.GetEnvironmentVariable("SYSTEMD_PAGER") ?? Environment.GetEnvironmentVariable("PAGER");
        if (configured is not null && (configured.Trim().Length == 0 || configured.Trim() == "cat"))
        {
            return;
        }

        bool? secureSetting = Terminal.EnvironmentBoolean("SYSTEMD_PAGERSECURE");
        bool secure = secureSetting ?? DefaultSecure();
        var candidates = new List<string[]>();
        string[]? configuredArgs = configured?.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (configuredArgs is { Length: > 0 } && (secureSetting is not null || !secure || configuredArgs[0] == "less"))
        {
            candidates.Add(configuredArgs);
        }

        if (secureSetting is null && secure)
        {
            candidates.Add(["less"]);
        }
        else
        {
            candidates.AddRange([["pager"], ["less"], ["more"]]);
        }

        foreach (string[] args in candidates)
        {
            if (TryStart(args, secure))
            {
                return;
            }
        }
    }

    /// <summary>Hands the pager its end of input and waits for the user to leave it.</summary>
    public void Close()
    {
        if (_process is null)
        {
            return;
        }

        StandardOutput.Flush();
        LibC.Dup2(_savedStdout, LibC.StdoutFileNo);
        LibC.Close(_savedStdout);
        if (_savedStderr >= 0)
        {
            LibC.Dup2(_savedStderr, LibC.StderrFileNo);
            LibC.Close(_savedStderr);
        }

        _process.StandardInput.Dispose();
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    private static bool DefaultSecure()
    {
        if (Environment.GetEnvironmentVariable("SUDO_UID") is not null)
        {
            return true;
        }

        return SdLogin.SessionOwner() != LibC.GetEUid();
    }

    private bool TryStart(string[] args, bool secure)
    {
        var start = new ProcessStartInfo(args[0]) { UseShellExecute = false, RedirectStandardInput = true };
        foreach (string a in args.Skip(1))
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["LESS"] = Environment.GetEnvironmentVariable("SYSTEMD_LESS") ?? "FRSXMK";
        start.Environment["LESSCHARSET"] = Environment.GetEnvironmentVariable("SYSTEMD_LESSCHARSET") ?? "utf-8";
        if (secure)
        {
            start.Environment["LESSSECURE"] = "1";
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            return false;
        }

        if (process.StandardInput.BaseStream is not AnonymousPipeClientStream pipe)
        {
            process.StandardInput.Dispose();
            process.WaitForExit();
            return false;
        }

        StandardOutput.Flush();
        int fd = (int)pipe.SafePipeHandle.DangerousGetHandle();
        _savedStdout = LibC.Dup(LibC.StdoutFileNo);
        LibC.Dup2(fd, LibC.StdoutFileNo);
        if (Terminal.StderrIsTty)
        {
            _savedStderr = LibC.Dup(LibC.StderrFileNo);
            LibC.Dup2(fd, LibC.StderrFileNo);
        }

        _process = process;
        return true;
    }
}
