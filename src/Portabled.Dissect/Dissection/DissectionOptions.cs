// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems;

namespace Portabled.Dissect.Dissection;

/// <summary>How to dissect an image. The defaults are portabled's (READ_ONLY | GENERIC_ROOT | REQUIRE_ROOT | USR_NO_ROOT | RELAX_VAR_CHECK).</summary>
public sealed class DissectionOptions
{
    /// <summary>The defaults.</summary>
    public static DissectionOptions Default { get; } = new();

    /// <summary>File system formats to probe, in order; null means <see cref="FileSystemFormats.All"/>.</summary>
    public IReadOnlyList<IFileSystemFormat>? FileSystemFormats { get; init; }

    /// <summary>Architecture to prefer partitions for (systemd names); null means the host's (<see cref="DpsArchitecture.Host"/>).</summary>
    public string? Architecture { get; init; }

    /// <summary>
    /// When true, root and /usr partitions of architectures the host cannot run are ignored, so an
    /// arm64-only image has no suitable root on x86-64. systemd (checked with systemd-dissect 252)
    /// accepts a foreign root when nothing better exists, so this is off by default.
    /// </summary>
    public bool RequireCompatibleArchitecture { get; init; }

    /// <summary>Look for <c>.roothash</c>, <c>.usrhash</c>, <c>.roothash.p7s</c>, <c>.usrhash.p7s</c> and <c>.verity</c> next to the image (as $SYSTEMD_DISSECT_VERITY_SIDECAR does by default).</summary>
    public bool UseVeritySidecars { get; init; } = true;

    /// <summary>Root hash for the root partition (overrides a <c>.roothash</c> sidecar); its first 128 bits name the root partition's UUID, its last 128 bits the verity partition's.</summary>
    public ReadOnlyMemory<byte> RootHash { get; init; }
}
