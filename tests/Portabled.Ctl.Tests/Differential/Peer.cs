// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Tests.Differential;

/// <summary>Whose client or daemon: upstream systemd 262's or ours.</summary>
public enum Peer
{
    Upstream,
    Ours,
}
