// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Images;

/// <summary>One image of <c>ListImages</c>.</summary>
/// <param name="Image">The image.</param>
/// <param name="State">Its state as a wire string, or null when computing it failed (ListImages ignores such errors).</param>
public sealed record ImageListEntry(PortableImage Image, string? State);
