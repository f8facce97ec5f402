// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.SquashFs;

/// <summary>
/// A decompressed metadata or fragment block: <see cref="Data"/> holds <see cref="Length"/> valid
/// bytes; <see cref="DiskLength"/> is what the block occupies on disk (header included), so a
/// metadata stream continues at position + DiskLength. Never modified once cached.
/// </summary>
internal readonly record struct SquashFsBlock(byte[] Data, int Length, int DiskLength)
{
    public ReadOnlySpan<byte> Span => Data.AsSpan(0, Length);
}
