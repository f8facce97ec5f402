// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Metadata;

/// <summary>The reply of <c>GetImageMetadata*</c> (docs/portable1-api.md, "Reply shapes").</summary>
/// <param name="ImagePath">The resolved image path.</param>
/// <param name="OsRelease">Raw bytes of the image's os-release file.</param>
/// <param name="Extensions">One entry per extension, in the order given.</param>
/// <param name="Units">Matching unit files, sorted by name (ordinal).</param>
public sealed record ImageMetadata(string ImagePath, byte[] OsRelease, IReadOnlyList<ExtensionMetadata> Extensions, IReadOnlyList<UnitFileMetadata> Units);
