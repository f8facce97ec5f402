// SPDX-License-Identifier: LGPL-2.1-or-later
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Portabled.Ctl.Interop;
using Portabled.Ctl.Output;

namespace Portabled.Ctl.Polkit;

/// <summary>
/// The text polkit agent systemctl starts before a privileged call (docs/portablectl.md,
/// "Authorization"): pkttyagent --notify-fd N --fallback, for a non-root caller whose stdin is a
/// terminal; the call waits until the agent has registered (it closes N), and the agent is
/// stopped when the command ends. Its output goes to the terminal even when ours is redirected.
/// </summary>
internal sealed unsafe class PolkitAgent
{
    public const string AgentPath = "/usr/bin/pkttyagent";
    private Process? _agent;
    private bool _opened;

    public void Open()
    {
        if (_opened || LibC.GetEUid() == 0 || !Terminal.StdinIsTty)
        {
            return;
        }

        _opened = true;
        int* fds = stackalloc int[2];
        if (LibC.Pipe2(fds, 0) < 0)
        {
            return;
        }

        try
        {
            _agent = Start(fds[1]);
        }
        catch (Win32Exception)
        {
            CtlLog.Error($"Failed to execute {AgentPath}: No such file or directory");
        }

        LibC.Close(fds[1]);
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

    private static Process Start(int notifyFd)
    {
        string fd = notifyFd.ToString(CultureInfo.InvariantCulture);
        ProcessStartInfo start;
        if (Terminal.StdoutIsTty && Terminal.StderrIsTty)
        {
            start = new ProcessStartInfo(AgentPath) { UseShellExecute = false };
        }
        else
        {
            // Like fork_agent(): whichever of stdout/stderr is not the terminal is pointed at it.
            string redirect = (Terminal.StdoutIsTty ? string.Empty : " 1>/dev/tty") + (Terminal.StderrIsTty ? string.Empty : " 2>/dev/tty");
            start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"[ -x {AgentPath} ] || exit 127; exec \"$0\" \"$@\"{redirect}");
            start.ArgumentList.Add(AgentPath);
        }

        foreach (string a in new[] { "--notify-fd", fd, "--fallback" })
        {
            start.ArgumentList.Add(a);
        }

        return Process.Start(start)!;
    }
}
