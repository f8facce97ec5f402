// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Management.Btrfs;

/// <summary>What an image needs to know of a subvolume: its id, read-only flag, creation and change times (µs since the epoch).</summary>
internal readonly record struct BtrfsSubvolumeInfo(ulong Id, bool ReadOnly, ulong CreationTime, ulong ChangeTime);
