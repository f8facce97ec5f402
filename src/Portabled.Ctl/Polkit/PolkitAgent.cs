// SPDX-License-Identifier: LGPL-2.1-or-later
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Portabled.Ctl.Interop;

namespace Portabled.Ctl.Polkit;

/// <summary>
/// The text polkit agent systemd tools start before a privileged call (docs/portablectl.md,
/// "Authorization"): pkttyagent from $PATH, run as "pkttyagent --notify-fd N --fallback" for a
/// caller that is not root and has a controlling terminal; the call waits until the agent has
/// registered (it closes N), and the agent is stopped when the command ends. Whichever of the
/// agent's stdin, stdout and stderr is not a terminal is pointed at /dev/tty, and it inherits no
/// other descriptor than N.
/// </summary>
internal sealed unsafe class PolkitAgent
{
    private const string Agent = "pkttyagent";
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin";
    private Process? _agent;
    private bool _opened;

    public void Open()
    {
        if (_opened || LibC.GetEUid() == 0 || !HasControllingTerminal())
        {
            return;
        }

        _opened = true;
        string? path = FindAgent();
        if (path is null)
        {
            return;
        }

        int* fds = stackalloc int[2];
        if (LibC.Pipe2(fds, LibC.OCloexec) < 0)
        {
            return;
        }

        // Only the write end goes to the agent: its duplicate is the one descriptor without close-on-exec.
        int notify = LibC.Dup(fds[1]);
        LibC.Close(fds[1]);
        try
        {
            _agent = notify >= 0 ? Start(path, notify) : null;
        }
        catch (Win32Exception)
        {
            _agent = null;
        }

        LibC.Close(notify);
        if (_agent is not null)
        {
            LibC.PollFd poll = new() { Fd = fds[0], Events = LibC.PollHup };
            LibC.Poll(&poll, 1, -1);
        }

        LibC.Close(fds[0]);
    }

    public void Close()
    {
        if (_agent is null)
        {
            return;
        }

        LibC.Kill(_agent.Id, LibC.Sigterm);
        LibC.Kill(_agent.Id, LibC.Sigcont);
        _agent.WaitForExit();
        _agent.Dispose();
        _agent = null;
    }

    private static bool HasControllingTerminal()
    {
        int fd = LibC.Open("/dev/tty", LibC.ORdwr | LibC.ONoctty | LibC.OCloexec);
        if (fd < 0)
        {
            return false;
        }

        LibC.Close(fd);
        return true;
    }

    private static string? FindAgent()
    {
        string search = Environment.GetEnvironmentVariable("PATH") ?? DefaultPath;
        foreach (string dir in search.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Join(dir, Agent);
            if (File.Exists(candidate) && LibC.Access(candidate, LibC.XOk) == 0)
            {
                return candidate;
            }
        }

        return null;
    }

    private static Process Start(string path, int notifyFd)
    {
        // The shell only points the non-terminal descriptors at /dev/tty, then becomes the agent.
        string redirect = (LibC.IsATty(LibC.StdinFileNo) == 1 ? string.Empty : " 0</dev/tty")
            + (LibC.IsATty(LibC.StdoutFileNo) == 1 ? string.Empty : " 1>/dev/tty")
            + (LibC.IsATty(LibC.StderrFileNo) == 1 ? string.Empty : " 2>/dev/tty");
        ProcessStartInfo start;
        if (redirect.Length == 0)
        {
            start = new ProcessStartInfo(path) { UseShellExecute = false };
        }
        else
        {
            start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("exec \"$0\" \"$@\"" + redirect);
            start.ArgumentList.Add(path);
        }

        foreach (string a in new[] { "--notify-fd", notifyFd.ToString(CultureInfo.InvariantCulture), "--fallback" })
        {
            start.ArgumentList.Add(a);
        }

        return Process.Start(start)!;
    }
}
