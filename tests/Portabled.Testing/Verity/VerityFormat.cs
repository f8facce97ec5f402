// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;

namespace Portabled.Testing.Verity;

/// <summary>How <c>veritysetup format</c> is asked to build a tree (its defaults: sha256, 4 KiB blocks, random salt, format 1).</summary>
public sealed record VerityFormat(string Hash = "sha256", int DataBlockSize = 4096, int HashBlockSize = 4096, string? Salt = null, int HashType = 1, long HashOffset = 0)
{
    /// <summary>veritysetup's defaults.</summary>
    public static VerityFormat Default { get; } = new();

    /// <summary>The veritysetup options for this format.</summary>
    public IEnumerable<string> Arguments()
    {
        yield return "--hash=" + Hash;
        yield return "--data-block-size=" + DataBlockSize.ToString(CultureInfo.InvariantCulture);
        yield return "--hash-block-size=" + HashBlockSize.ToString(CultureInfo.InvariantCulture);
        yield return "--format=" + HashType.ToString(CultureInfo.InvariantCulture);
        if (Salt is not null)
        {
            yield return "--salt=" + Salt;
        }

        if (HashOffset != 0)
        {
            yield return "--hash-offset=" + HashOffset.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(' ', Arguments());
}
