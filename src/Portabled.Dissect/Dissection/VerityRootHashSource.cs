// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Dissection;

/// <summary>Where a dissected image's root hash came from.</summary>
public enum VerityRootHashSource
{
    /// <summary>There is none.</summary>
    None,

    /// <summary><see cref="DissectionOptions.RootHash"/>.</summary>
    Option,

    /// <summary>A <c>.roothash</c> or <c>.usrhash</c> file next to the image.</summary>
    Sidecar,

    /// <summary>The verity signature partition's <c>rootHash</c>.</summary>
    SignaturePartition,

    /// <summary>The data partition's UUID followed by the verity partition's (how systemd-repart names them).</summary>
    PartitionUuids,
}
