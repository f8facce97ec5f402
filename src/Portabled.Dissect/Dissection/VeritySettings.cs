// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Dissection;

/// <summary>
/// What dissection learned about an image's dm-verity protection, gathered from every source systemd
/// uses (docs/image-readers.md, "dm-verity"), in its order: an explicit root hash, then the sidecar
/// files next to the image, then the verity signature partition, then the root hash guessed from the
/// partition UUIDs.
/// </summary>
public sealed class VeritySettings
{
    /// <summary>No verity at all.</summary>
    public static VeritySettings None { get; } = new();

    /// <summary>The data partition the root hash protects (<see cref="PartitionDesignator.Root"/> or <see cref="PartitionDesignator.Usr"/>), or null when none is known.</summary>
    public PartitionDesignator? Designator { get; init; }

    /// <summary>The root hash, or empty.</summary>
    public ReadOnlyMemory<byte> RootHash { get; init; }

    /// <summary>Where <see cref="RootHash"/> came from.</summary>
    public VerityRootHashSource RootHashSource { get; init; }

    /// <summary>The DER PKCS#7 signature of the root hash, or empty.</summary>
    public ReadOnlyMemory<byte> Signature { get; init; }

    /// <summary>True when the signature came from the image's verity signature partition (else from a <c>.p7s</c> sidecar).</summary>
    public bool SignatureFromPartition { get; init; }

    /// <summary>The external hash tree of a naked file system (<c>X.verity</c>), or null.</summary>
    public string? DataPath { get; init; }

    /// <summary>
    /// systemd's "verity ready": a root hash, and a hash tree for its data (the verity partition next to
    /// the data partition, or the <c>.verity</c> sidecar of a naked file system). Only then is reading checked.
    /// </summary>
    public bool IsReady { get; init; }

    /// <summary>systemd's "verity signature ready": ready, and a signature of the root hash.</summary>
    public bool IsSignatureReady => IsReady && !Signature.IsEmpty;
}
