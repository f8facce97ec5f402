// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Images;

/// <summary>A discovered or loaded portable service image, with the values of the Image object's properties.</summary>
/// <param name="Name">Image name: the file name without <c>.raw</c>.</param>
/// <param name="Path">Logical (root-relative) absolute path of the image.</param>
/// <param name="Type">Image type.</param>
/// <param name="ReadOnly">Whether the image is read-only (vendor image, read-only file system, immutable, no write bits).</param>
/// <param name="CreationTimestamp">Birth time in µs since the epoch, 0 when unknown.</param>
/// <param name="ModificationTimestamp">Modification time in µs (0 for directories, as upstream).</param>
/// <param name="Usage">Bytes used, <see cref="ulong.MaxValue"/> when unknown.</param>
/// <param name="Limit">Size limit, <see cref="ulong.MaxValue"/> when unknown.</param>
/// <param name="UsageExclusive">Exclusive usage, <see cref="ulong.MaxValue"/> when unknown.</param>
/// <param name="LimitExclusive">Exclusive limit, <see cref="ulong.MaxValue"/> when unknown.</param>
public sealed record PortableImage(
    string Name,
    string Path,
    PortableImageType Type,
    bool ReadOnly,
    ulong CreationTimestamp,
    ulong ModificationTimestamp,
    ulong Usage,
    ulong Limit,
    ulong UsageExclusive,
    ulong LimitExclusive);
