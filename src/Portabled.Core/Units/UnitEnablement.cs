// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Host;

namespace Portabled.Core.Units;

/// <summary>
/// Whether an attached unit counts as enabled for <c>GetImageState</c> (docs/unit-file-state.md):
/// upstream asks its install logic in-process — never the service manager — and counts every unit
/// file state but static, disabled, linked and linked-runtime. So a unit that is an alias (attached
/// with <c>--copy=symlink</c> from an image where it links to another unit), masked, linked from
/// <c>/etc/systemd/system</c> or <c>/run</c>, or installed only through <c>Also=</c> is "enabled";
/// a <c>.wants/</c> link inside <c>/etc/systemd/system.attached</c> is not.
/// </summary>
public static class UnitEnablement
{
    /// <summary>
    /// True when <paramref name="unitName"/>'s unit file state counts as enabled. Throws
    /// <see cref="Errors.ErrnoException"/> when the state cannot be determined (upstream then fails the call).
    /// </summary>
    public static bool IsEnabled(HostLayout layout, string unitName) =>
        GetState(layout, unitName) is not (UnitFileState.Static or UnitFileState.Disabled or UnitFileState.Linked or UnitFileState.LinkedRuntime);

    /// <summary>The unit file state of <paramref name="unitName"/> on the host (systemd's unit_file_get_state(), system scope).</summary>
    public static UnitFileState GetState(HostLayout layout, string unitName) => UnitFileLookup.GetState(layout, unitName);
}
