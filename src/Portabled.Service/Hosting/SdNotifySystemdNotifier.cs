// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Hosting.Systemd;
using Portabled.SdBus.Daemon;

namespace Portabled.Service.Hosting;

/// <summary>
/// The host's systemd notifier on libsystemd's sd_notify: the stock one opens its own datagram
/// socket, which links the whole socket stack into the daemon (types and statics set up at every
/// start) for one message at start and one at stop.
/// </summary>
internal sealed class SdNotifySystemdNotifier : ISystemdNotifier
{
    public bool IsEnabled => ServiceManagerNotifier.IsEnabled;

    public void Notify(ServiceState state)
    {
        if (IsEnabled)
        {
            ServiceManagerNotifier.Notify(state.ToString());
        }
    }
}
