// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;

namespace Portabled.Dissect.FileSystems.SquashFs;

/// <summary>squashfs 4.0 (magic "hsqs" at byte 0).</summary>
public sealed class SquashFsFormat : IFileSystemFormat
{
    /// <inheritdoc />
    public string Name => "squashfs";

    /// <inheritdoc />
    public bool Probe(ImageRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        Span<byte> magic = stackalloc byte[4];
        return region.Read(0, magic) == magic.Length && BinaryPrimitives.ReadUInt32LittleEndian(magic) == SquashFsLayout.Magic;
    }

    /// <inheritdoc />
    public IReadOnlyFileSystem Open(ImageRegion region) => SquashFsFileSystem.Open(region);
}
