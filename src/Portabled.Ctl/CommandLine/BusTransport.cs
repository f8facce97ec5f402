// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.CommandLine;

/// <summary>How the bus is reached: this machine, a remote host over ssh (-H), a local container (-M).</summary>
internal enum BusTransport
{
    Local,
    Remote,
    Machine,
}
