// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;

namespace Portabled.Core.Host;

/// <summary>
/// The service manager as Core needs it, implemented by the host over <c>org.freedesktop.systemd1</c>.
/// Only activity is asked (upstream reads enablement from the host's files itself, see
/// <see cref="Units.UnitEnablement"/>). Calls are synchronous and made from worker threads. Implementations may throw
/// <see cref="PortableException"/>; Core lets it propagate, as upstream does.
/// </summary>
public interface IUnitManager
{
    /// <summary>
    /// Whether the unit is active (ActiveState is activating, active, reloading or deactivating).
    /// For a template name (<c>foo@.service</c>) whether any instance is (ListUnitsByPatterns
    /// with <c>foo@*.service</c>); Core passes the unit name as is and the host decides by its form.
    /// </summary>
    bool IsActive(string unitName);
}
