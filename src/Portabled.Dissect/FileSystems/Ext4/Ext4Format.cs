// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;

namespace Portabled.Dissect.FileSystems.Ext4;

/// <summary>The ext2/3/4 family: superblock magic 0xEF53 at byte 1024 + 0x38.</summary>
public sealed class Ext4Format : IFileSystemFormat
{
    /// <inheritdoc />
    public string Name => "ext4";

    /// <inheritdoc />
    public bool Probe(ImageRegion region)
    {
        const int magicAt = Ext4Layout.SuperBlockOffset + Ext4Layout.SbMagic;
        if (region.Length < magicAt + 2)
        {
            return false;
        }

        Span<byte> magic = stackalloc byte[2];
        return region.Read(magicAt, magic) == 2 && BinaryPrimitives.ReadUInt16LittleEndian(magic) == Ext4Layout.Magic;
    }

    /// <inheritdoc />
    public IReadOnlyFileSystem Open(ImageRegion region) => new Ext4FileSystem(region);
}
