// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.SquashFs;

/// <summary>The compressor id stored in the squashfs superblock.</summary>
public enum SquashFsCompression : ushort
{
    /// <summary>zlib streams (mksquashfs calls it gzip).</summary>
    Gzip = 1,

    /// <summary>Legacy "LZMA alone" streams (not mountable by Linux).</summary>
    Lzma = 2,

    /// <summary>Raw LZO1X.</summary>
    Lzo = 3,

    /// <summary>Complete .xz streams.</summary>
    Xz = 4,

    /// <summary>Raw LZ4 blocks.</summary>
    Lz4 = 5,

    /// <summary>zstd frames.</summary>
    Zstd = 6,
}
