// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Metadata;

/// <summary>A unit file read from an image.</summary>
/// <param name="Name">Unit name.</param>
/// <param name="Contents">Its bytes.</param>
/// <param name="ImageIndex">0 for the root image, 1… for the extensions in order.</param>
/// <param name="SourcePath">The logical host path of the file (directory images), or null when it has none (raw images).</param>
internal sealed record ExtractedUnit(string Name, byte[] Contents, int ImageIndex, string? SourcePath)
{
    /// <summary>
    /// 252 only: the name is a symlink to a directory, kept with empty contents because 252 failed only
    /// where it read the file (inspect, copying attach: EISDIR); a symlinking attach links it.
    /// </summary>
    public bool IsDirectory { get; init; }
}
