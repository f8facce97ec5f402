// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Management.Btrfs;

/// <summary>
/// The btrfs ioctls image management uses (linux/btrfs.h, magic 0x94; request = dir &lt;&lt; 30 | size &lt;&lt; 16 |
/// 0x94 &lt;&lt; 8 | nr) and the tree keys of linux/btrfs_tree.h they search for. Every btrfs ioctl is
/// issued only on a directory or regular file verified to be on btrfs: the numbers are reused by device drivers.
/// </summary>
internal static class BtrfsIoctl
{
    /// <summary>statfs f_type of btrfs.</summary>
    public const long SuperMagic = 0x9123683E;

    /// <summary>The inode number of every subvolume's root directory.</summary>
    public const ulong FirstFreeObjectId = 256;

    /// <summary>The highest subvolume id.</summary>
    public const ulong LastFreeObjectId = unchecked((ulong)-256L);

    public const ulong Defrag = 0x50009402;              // _IOW(2, btrfs_ioctl_vol_args[4096])
    public const ulong SnapDestroy = 0x5000940F;         // _IOW(15, btrfs_ioctl_vol_args[4096])
    public const ulong TreeSearch = 0xD0009411;          // _IOWR(17, btrfs_ioctl_search_args[4096])
    public const ulong InoLookup = 0xD0009412;           // _IOWR(18, btrfs_ioctl_ino_lookup_args[4096])
    public const ulong SubvolGetFlags = 0x80089419;      // _IOR(25, u64)
    public const ulong SubvolSetFlags = 0x4008941A;      // _IOW(26, u64)
    public const ulong QgroupAssign = 0x40189429;        // _IOW(41, {assign, src, dst})
    public const ulong QgroupCreate = 0x4010942A;        // _IOW(42, {create, qgroupid})
    public const ulong QgroupLimit = 0x8030942B;         // _IOR(43, {qgroupid, btrfs_qgroup_limit})
    public const ulong QuotaRescan = 0x4040942C;         // _IOW(44, btrfs_ioctl_quota_rescan_args[64])
    public const ulong QuotaRescanStatus = 0x8040942D;   // _IOR(45, btrfs_ioctl_quota_rescan_args[64])
    public const ulong QuotaRescanWait = 0x942E;         // _IO(46)
    public const ulong GetSubvolInfo = 0x81F8943C;       // _IOR(60, btrfs_ioctl_get_subvol_info_args[504])

    /// <summary>BTRFS_SUBVOL_RDONLY of the subvolume flags (SUBVOL_GETFLAGS/SETFLAGS).</summary>
    public const ulong SubvolReadOnly = 1UL << 1;

    /// <summary>BTRFS_ROOT_SUBVOL_RDONLY of a root item's flags (GET_SUBVOL_INFO).</summary>
    public const ulong RootSubvolReadOnly = 1UL << 0;

    public const ulong RootTreeObjectId = 1;
    public const ulong QuotaTreeObjectId = 8;
    public const uint RootBackrefKey = 144;
    public const uint QgroupInfoKey = 242;
    public const uint QgroupLimitKey = 244;
    public const uint QgroupRelationKey = 246;
    public const ulong QgroupLimitMaxReferenced = 1;
    public const ulong QgroupLimitMaxExclusive = 2;

    /// <summary>A qgroup id is level &lt;&lt; 48 | id.</summary>
    public const int QgroupLevelShift = 48;

    /// <summary>The size of btrfs_ioctl_vol_args, btrfs_ioctl_search_args and btrfs_ioctl_ino_lookup_args.</summary>
    public const int ArgsSize = 4096;

    /// <summary>The longest subvolume name in btrfs_ioctl_vol_args (BTRFS_PATH_NAME_MAX).</summary>
    public const int PathNameMax = 4087;
}
