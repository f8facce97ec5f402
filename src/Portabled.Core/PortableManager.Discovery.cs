// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Images;

namespace Portabled.Core;

/// <content>Discovery without state: what the bus needs to enumerate image objects.</content>
public sealed partial class PortableManager
{
    /// <summary>Every discoverable image, sorted by name, without computing states (no systemd1 calls).</summary>
    public IReadOnlyList<PortableImage> DiscoverImages() => _discovery.Discover().ToList();
}
