// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Bus;
using Portabled.Ctl.CommandLine;
using Portabled.Ctl.Output;
using Portabled.Ctl.Polkit;

namespace Portabled.Ctl;

/// <summary>What a verb works with: the settings, the lazily opened bus and its clients, the pager and the polkit agent.</summary>
internal sealed class CtlContext : IDisposable
{
    public CtlContext(CtlSettings settings, string program)
    {
        Settings = settings;
        Program = program;
        Bus = new CtlBus(settings);
        Portable = new PortableManagerClient(Bus);
        ServiceManager = new ServiceManagerClient(Bus);
    }

    public CtlSettings Settings { get; }

    /// <summary>The program name messages start with (argv[0]'s file name).</summary>
    public string Program { get; }

    public CtlBus Bus { get; }

    public PortableManagerClient Portable { get; }

    public ServiceManagerClient ServiceManager { get; }

    public Pager Pager { get; } = new();

    public PolkitAgent Polkit { get; } = new();

    /// <summary>Opens the bus now (upstream connects before building the first message).</summary>
    public void AcquireBus() => _ = Bus.Connection;

    /// <summary>Starts the text polkit agent for privileged calls (local transport, asking allowed).</summary>
    public void OpenPolkitAgent()
    {
        if (Settings.AskPassword && Settings.Transport == BusTransport.Local)
        {
            Polkit.Open();
        }
    }

    public void OpenPager()
    {
        if (!Settings.NoPager)
        {
            Pager.Open();
        }
    }

    /// <summary>log_info() unless --quiet.</summary>
    public void Info(string message)
    {
        if (!Settings.Quiet)
        {
            CtlLog.Info(message);
        }
    }

    public void Dispose()
    {
        StandardOutput.Flush();
        Pager.Close();
        Polkit.Close();
        Bus.Dispose();
    }
}
