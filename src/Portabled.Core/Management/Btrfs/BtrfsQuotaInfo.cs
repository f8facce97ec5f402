// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Management.Btrfs;

/// <summary>A qgroup's accounting (bytes; <see cref="ulong.MaxValue"/> where the quota tree has no item or no limit).</summary>
internal readonly record struct BtrfsQuotaInfo(ulong Referenced, ulong Exclusive, ulong ReferencedMax, ulong ExclusiveMax);
