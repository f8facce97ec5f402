// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Versions;

/// <summary>The shape of the <c>[Service]</c> part of <c>20-portable.conf</c> (docs/upstream-versions.md).</summary>
public enum DropInFormat
{
    /// <summary>
    /// 252: binds the host's os-release to <c>/run/host/os-release</c>, and only units that came from an
    /// extension get the extension lines.
    /// </summary>
    HostOsReleaseBind,

    /// <summary>
    /// 262: pins <c>RootImagePolicy=</c>/<c>ExtensionImagePolicy=</c>, logs name-and-version fields, and
    /// every service unit gets the extension lines.
    /// </summary>
    PinnedPolicies,
}
