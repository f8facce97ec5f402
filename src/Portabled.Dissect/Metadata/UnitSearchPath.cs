// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Metadata;

/// <summary>
/// The system manager's unit search path (docs/attach-detach.md, "Unit discovery"), used both inside images (where units are found) and
/// on the host (the "exists on the host already" check). The split-usr entry <c>/lib/systemd/system</c>
/// is always included, as upstream passes that flag for portable images.
/// </summary>
public static class UnitSearchPath
{
    /// <summary>The directories in priority order.</summary>
    public static readonly IReadOnlyList<string> System =
    [
        "/etc/systemd/system.control",
        "/run/systemd/system.control",
        "/run/systemd/transient",
        "/run/systemd/generator.early",
        "/etc/systemd/system",
        "/etc/systemd/system.attached",
        "/run/systemd/system",
        "/run/systemd/system.attached",
        "/run/systemd/generator",
        "/usr/local/lib/systemd/system",
        "/usr/lib/systemd/system",
        "/lib/systemd/system",
        "/run/systemd/generator.late",
    ];
}
