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

    /// <summary>Read the root hash and its signature from a root-verity-sig/usr-verity-sig partition (as $SYSTEMD_DISSECT_VERITY_EMBEDDED does by default).</summary>
    public bool UseVeritySignaturePartition { get; init; } = true;

    /// <summary>Without a root hash, take the data partition's UUID followed by the verity partition's as one (systemd ≥ 256, $SYSTEMD_DISSECT_VERITY_GUESS).</summary>
    public bool GuessVerityRootHash { get; init; } = true;

    /// <summary>
    /// Check what verity promises when reading: the root hash signature against the trusted certificates
    /// and every block against the hash tree (<see cref="Verity.VerityHashTree"/>). Off, a verity
    /// protected partition is read like any other (as systemd does when it does not set up dm-verity).
    /// </summary>
    public bool CheckVerity { get; init; } = true;

    /// <summary>The directory the verity.d certificate directories are looked up under (<c>/</c> for the host's).</summary>
    public string VerityCertificateRoot { get; init; } = "/";
}
