// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;

namespace Portabled.Dissect.FileSystems.Ext4;

/// <summary>
/// Feature flags of the superblock (disk layout "Super Block": s_feature_compat,
/// s_feature_incompat, s_feature_ro_compat) and which of them this reader accepts.
/// </summary>
internal static class Ext4Features
{
    // s_feature_compat.
    public const uint CompatHasJournal = 0x4;
    public const uint CompatSparseSuper2 = 0x200;

    // s_feature_incompat.
    public const uint IncompatCompression = 0x1;
    public const uint IncompatFileType = 0x2;
    public const uint IncompatRecover = 0x4;
    public const uint IncompatJournalDev = 0x8;
    public const uint IncompatMetaBg = 0x10;
    public const uint IncompatExtents = 0x40;
    public const uint Incompat64Bit = 0x80;
    public const uint IncompatMmp = 0x100;
    public const uint IncompatFlexBg = 0x200;
    public const uint IncompatEaInode = 0x400;
    public const uint IncompatDirData = 0x1000;
    public const uint IncompatCsumSeed = 0x2000;
    public const uint IncompatLargeDir = 0x4000;
    public const uint IncompatInlineData = 0x8000;
    public const uint IncompatEncrypt = 0x10000;
    public const uint IncompatCasefold = 0x20000;

    // s_feature_ro_compat.
    public const uint RoCompatSparseSuper = 0x1;
    public const uint RoCompatLargeFile = 0x2;
    public const uint RoCompatBtreeDir = 0x4;
    public const uint RoCompatBigAlloc = 0x200;
    public const uint RoCompatMetadataCsum = 0x400;

    /// <summary>
    /// INCOMPAT features this reader implements or may ignore when reading: RECOVER (read without
    /// journal replay, as systemd mounts read-only images with norecovery), MMP (only guards
    /// writers), FLEX_BG (only moves tables; the group descriptors say where), EA_INODE (refused
    /// per inode if inline data lives in one), CSUM_SEED, LARGEDIR (changes nothing for linear reading).
    /// </summary>
    public const uint SupportedIncompat = IncompatFileType | IncompatRecover | IncompatMetaBg | IncompatExtents | Incompat64Bit
        | IncompatMmp | IncompatFlexBg | IncompatEaInode | IncompatCsumSeed | IncompatLargeDir | IncompatInlineData;

    // blkid's feature sets for naming a file system ext2 or ext3 (anything beyond is ext4).
    private const uint Ext2Incompat = IncompatFileType | IncompatMetaBg;
    private const uint Ext3Incompat = IncompatFileType | IncompatRecover | IncompatMetaBg;
    private const uint Ext23RoCompat = RoCompatSparseSuper | RoCompatLargeFile | RoCompatBtreeDir;

    private static readonly (uint Bit, string Name)[] s_incompatNames =
    [
        (IncompatCompression, "compression"),
        (IncompatFileType, "filetype"),
        (IncompatRecover, "needs_recovery"),
        (IncompatJournalDev, "journal_dev"),
        (IncompatMetaBg, "meta_bg"),
        (IncompatExtents, "extent"),
        (Incompat64Bit, "64bit"),
        (IncompatMmp, "mmp"),
        (IncompatFlexBg, "flex_bg"),
        (IncompatEaInode, "ea_inode"),
        (IncompatDirData, "dirdata"),
        (IncompatCsumSeed, "metadata_csum_seed"),
        (IncompatLargeDir, "large_dir"),
        (IncompatInlineData, "inline_data"),
        (IncompatEncrypt, "encrypt"),
        (IncompatCasefold, "casefold"),
    ];

    /// <summary>Names the INCOMPAT bits in <paramref name="bits"/> as mke2fs spells them, unknown ones in hex.</summary>
    public static string DescribeIncompat(uint bits)
    {
        var names = new List<string>();
        for (int i = 0; i < 32; i++)
        {
            uint bit = 1u << i;
            if ((bits & bit) == 0)
            {
                continue;
            }

            string? name = null;
            foreach ((uint b, string n) in s_incompatNames)
            {
                if (b == bit)
                {
                    name = n;
                }
            }

            names.Add(name is null
                ? string.Create(CultureInfo.InvariantCulture, $"unknown (0x{bit:x})")
                : string.Create(CultureInfo.InvariantCulture, $"{name} (0x{bit:x})"));
        }

        return string.Join(", ", names);
    }

    /// <summary>The name blkid gives the file system: ext2 without a journal and with only ext2 features, ext3 with a journal and only ext3 features, else ext4.</summary>
    public static string BlkidName(uint compat, uint incompat, uint roCompat)
    {
        bool journal = (compat & CompatHasJournal) != 0;
        if ((roCompat & ~Ext23RoCompat) != 0)
        {
            return "ext4";
        }

        if (!journal && (incompat & ~Ext2Incompat) == 0)
        {
            return "ext2";
        }

        return journal && (incompat & ~Ext3Incompat) == 0 ? "ext3" : "ext4";
    }
}
