// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Metadata;

/// <summary>
/// The bounds on what is read from inside an image, the same for the daemon and portabled-dissect.
/// systemd reads any size; these are far above what real images hold and keep a hostile image from
/// making either program read without limit (docs/differences.md).
/// </summary>
public static class MetadataLimits
{
    /// <summary>Largest os-release, extension-release or machine-info file read.</summary>
    public const int MaxReleaseFileSize = 64 * 1024;

    /// <summary>Largest unit file read.</summary>
    public const int MaxUnitFileSize = 1024 * 1024;

    /// <summary>Most unit files taken from one image.</summary>
    public const int MaxUnits = 4096;

    /// <summary>Entries looked at per unit directory.</summary>
    public const int MaxEntriesPerUnitDirectory = 65536;
}
