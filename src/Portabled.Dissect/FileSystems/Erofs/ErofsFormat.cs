// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Erofs;

/// <summary>erofs: magic 0xE0F5E1E2 at byte 1024.</summary>
public sealed class ErofsFormat : IFileSystemFormat
{
    /// <inheritdoc />
    public string Name => "erofs";

    /// <inheritdoc />
    public bool Probe(ImageRegion region)
    {
        try
        {
            return ErofsSuperBlock.HasMagic(region);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public IReadOnlyFileSystem Open(ImageRegion region) => new ErofsFileSystem(region);
}
