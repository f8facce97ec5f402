// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Metadata;

namespace Portabled.DissectTool.Metadata;

/// <summary>What systemd-dissect shows about an image's contents (dissected_image_acquire_metadata()), plus the portable unit files.</summary>
internal sealed class ImageMetadata
{
    public string? Hostname { get; init; }

    public string? MachineId { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> MachineInfo { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> OsRelease { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> ExtensionRelease { get; init; } = [];

    public bool HasInitSystem { get; init; }

    /// <summary>Unit files along the system unit search path (first occurrence wins), sorted by name.</summary>
    public IReadOnlyList<string> UnitFiles { get; init; } = [];

    public bool IsPortableService => EnvFile.Get(OsRelease, "PORTABLE_PREFIXES") is not null;

    /// <summary>SYSEXT_SCOPE of the extension-release, defaulting to "system portable"; empty without extension-release.</summary>
    public IReadOnlyList<string> ExtensionScopes => ExtensionRelease.Count == 0 ? []
        : (EnvFile.Get(ExtensionRelease, "SYSEXT_SCOPE") ?? "system portable").Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
}
