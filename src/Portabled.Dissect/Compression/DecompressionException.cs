// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Compression;

/// <summary>A compressed block is corrupt, or decompresses to more than its destination holds. Readers wrap it with the image and offset.</summary>
public sealed class DecompressionException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DecompressionException(string algorithm, string problem)
        : base($"{algorithm} data is corrupt: {problem}")
    {
    }
}
