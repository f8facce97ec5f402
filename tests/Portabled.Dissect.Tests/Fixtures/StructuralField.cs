// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Tests.Fixtures;

/// <summary>A field of an on-disk structure that a reader must validate: name, absolute byte offset, width in bytes (≤ 8).</summary>
internal sealed record StructuralField(string Name, long Offset, int Width);
