// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Dissection;

/// <summary>
/// What a partition is used for, in systemd's order (PartitionDesignator in dissect-image.h), which
/// is also the order systemd-dissect prints them in. Wire names: <see cref="PartitionDesignatorNames"/>.
/// </summary>
public enum PartitionDesignator
{
    /// <summary><c>root</c>: the root file system.</summary>
    Root,

    /// <summary><c>usr</c>: the /usr file system.</summary>
    Usr,

    /// <summary><c>home</c>.</summary>
    Home,

    /// <summary><c>srv</c>.</summary>
    Srv,

    /// <summary><c>esp</c>: EFI System Partition.</summary>
    Esp,

    /// <summary><c>xbootldr</c>: extended boot loader partition.</summary>
    XBootLdr,

    /// <summary><c>swap</c>.</summary>
    Swap,

    /// <summary><c>root-verity</c>: dm-verity hash data for root.</summary>
    RootVerity,

    /// <summary><c>usr-verity</c>: dm-verity hash data for /usr.</summary>
    UsrVerity,

    /// <summary><c>root-verity-sig</c>: signed root hash for root.</summary>
    RootVeritySig,

    /// <summary><c>usr-verity-sig</c>: signed root hash for /usr.</summary>
    UsrVeritySig,

    /// <summary><c>tmp</c> (mounted on /var/tmp).</summary>
    Tmp,

    /// <summary><c>var</c>.</summary>
    Var,
}
