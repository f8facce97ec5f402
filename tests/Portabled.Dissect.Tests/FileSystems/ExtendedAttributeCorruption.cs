// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Tests.FileSystems;

/// <summary>
/// One named hostile image: the fixture variant it starts from, how to patch a copy of it (the map
/// locates structures in the pristine copy), the exception expected and a part of its message.
/// </summary>
internal sealed record ExtendedAttributeCorruption(string Variant, Action<ExtendedAttributeImageMap, string> Patch, Type Expected, string MessagePart);
