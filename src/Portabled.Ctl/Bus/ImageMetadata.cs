// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Bus;

/// <summary>A GetImageMetadata[WithExtensions] reply: the resolved image path, the raw os-release, each extension's release file, and the matching unit files.</summary>
internal sealed record ImageMetadata(
    string Image,
    byte[] OsRelease,
    IReadOnlyList<KeyValuePair<string, byte[]>> Extensions,
    IReadOnlyList<KeyValuePair<string, byte[]>> Units);
