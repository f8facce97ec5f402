// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Versions;

/// <summary>
/// The systemd-portabled release whose behaviour is reproduced where 252 and 262 differ
/// (drop-in format, profile validation, error names, image path resolution, copy modes).
/// </summary>
public enum UpstreamVersion
{
    /// <summary>systemd 252 (Debian 12).</summary>
    V252,

    /// <summary>systemd 262 (the default).</summary>
    V262,
}
