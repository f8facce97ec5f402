// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Metadata;

/// <summary>An extension's entry in <c>GetImageMetadataWithExtensions</c>.</summary>
/// <param name="Key">The extension image path for raw extensions, the empty string for directory extensions (as upstream).</param>
/// <param name="ExtensionRelease">Raw bytes of its extension-release file.</param>
public sealed record ExtensionMetadata(string Key, byte[] ExtensionRelease);
