// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Attach;

/// <summary>A unit found in an attached directory together with its marker.</summary>
/// <param name="Name">Unit name.</param>
/// <param name="Components">The marker's image paths, unescaped: the root first, then the extensions.</param>
internal sealed record AttachedUnit(string Name, IReadOnlyList<string> Components);
