// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Tests.FileSystems.SquashFs;

/// <summary>
/// One named hostile image: how to make it from the small image, the exception it must raise and a
/// part of the message. <see cref="Compressor"/> null means the uncompressed small image.
/// </summary>
internal sealed record SquashFsCorruption(Func<SquashFsImageMap, byte[]> Apply, Type Expected, string MessagePart, string? Compressor = null);
