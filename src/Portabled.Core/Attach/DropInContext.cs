// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Images;

namespace Portabled.Core.Attach;

/// <summary>What every 20-portable.conf of one attach shares.</summary>
/// <param name="Root">The root image.</param>
/// <param name="RootRelease">The root's parsed os-release.</param>
/// <param name="Extensions">The extension images, in order.</param>
/// <param name="ExtensionReleases">Their parsed extension-release files.</param>
/// <param name="Flags">The caller's flags.</param>
/// <param name="HostOsRelease">252: the host's os-release path for <c>BindReadOnlyPaths=</c>.</param>
internal sealed record DropInContext(
    PortableImage Root,
    IReadOnlyList<KeyValuePair<string, string>> RootRelease,
    IReadOnlyList<PortableImage> Extensions,
    IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> ExtensionReleases,
    PortableFlags Flags,
    string HostOsRelease)
{
    /// <summary>262: the root's pinned image policy (raw and block roots), for <c>RootImagePolicy=</c>.</summary>
    public string? RootImagePolicy { get; init; }

    /// <summary>262: the union of the raw extensions' pinned policies, for <c>ExtensionImagePolicy=</c>.</summary>
    public string? ExtensionImagePolicy { get; init; }
}
