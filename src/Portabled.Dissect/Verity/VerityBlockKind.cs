// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Verity;

/// <summary>The kind of block a <see cref="VerityMismatchException"/> names.</summary>
public enum VerityBlockKind
{
    /// <summary>A block of the protected data.</summary>
    Data,

    /// <summary>A block of the hash tree (the top-level one is checked against the root hash).</summary>
    Hash,
}
