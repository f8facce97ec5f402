// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Scope;

/// <summary>Which service manager a portabled instance serves (upstream's RuntimeScope, 260+).</summary>
public enum RuntimeScope
{
    /// <summary>The system manager: system bus, <c>/etc/systemd/system.attached</c>, <c>/var/lib/portables</c>.</summary>
    System,

    /// <summary>One user's manager: session bus, paths below the user's home and runtime directory.</summary>
    User,
}
