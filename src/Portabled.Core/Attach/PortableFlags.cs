// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Attach;

/// <summary>The <c>flags</c> argument of the <c>…WithExtensions</c> methods (docs/portable1-api.md, "Flags").</summary>
[Flags]
public enum PortableFlags : ulong
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>Attach to or detach from the runtime locations in /run (SD_SYSTEMD_PORTABLE_RUNTIME).</summary>
    Runtime = 1,

    /// <summary>Skip the "exists on the host" and "active" checks, replace existing files (SD_SYSTEMD_PORTABLE_FORCE_ATTACH).</summary>
    ForceAttach = 2,

    /// <summary>Relax the extension-release name check (SD_SYSTEMD_PORTABLE_FORCE_EXTENSION).</summary>
    ForceExtension = 4,

    /// <summary>Every bit accepted from D-Bus; any other bit is refused.</summary>
    PublicMask = Runtime | ForceAttach | ForceExtension,
}
