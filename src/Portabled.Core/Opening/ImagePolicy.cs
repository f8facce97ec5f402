// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Dissect.Dissection;

namespace Portabled.Core.Opening;

/// <summary>
/// An image policy pinned from a dissected image (262; docs/attach-detach.md, "Image policy"), written as <c>RootImagePolicy=</c> or
/// <c>ExtensionImagePolicy=</c> in systemd.image-policy(7) syntax: one <c>designator=flags</c> entry per
/// partition found, in designator order, then <c>:=absent</c> for everything else. Observed with 262:
/// a naked file system gives only its type (<c>root=ext4:=absent</c>); a partition from a table also
/// gives <c>read-only-on|off</c> (the GPT read-only attribute, or a read-only file system type) and
/// <c>growfs-on|off</c> (<c>root=read-only-on+growfs-off+squashfs:=absent</c>). Several raw extensions
/// share one policy, the union of theirs (<c>root=ext4+squashfs:=absent</c>).
/// Verity (observed with 262, docs/image-readers.md "dm-verity"): the protected partition carries
/// <c>signed</c> when a signature was found (or, for a naked file system, a <c>.verity</c> tree with its
/// root hash) and <c>verity</c> when only a root hash was; the verity and signature partitions appear,
/// always <c>read-only-on+growfs-off</c>, only when verity (signature) is ready
/// (<c>root=signed+read-only-on+growfs-off+squashfs:root-verity=read-only-on+growfs-off:root-verity-sig=read-only-on+growfs-off:=absent</c>).
/// </summary>
public sealed class ImagePolicy
{
    // systemd.image-policy(7) file system flags, in the order they are printed.
    private static readonly string[] s_fileSystems = ["btrfs", "erofs", "ext4", "f2fs", "squashfs", "vfat", "xfs"];

    private readonly SortedDictionary<PartitionDesignator, PartitionPolicy> _partitions;

    private ImagePolicy(SortedDictionary<PartitionDesignator, PartitionPolicy> partitions)
    {
        _partitions = partitions;
    }

    /// <summary>The policy pinned from the partitions <paramref name="image"/> selected.</summary>
    public static ImagePolicy FromDissected(DissectedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var partitions = new SortedDictionary<PartitionDesignator, PartitionPolicy>();
        bool table = image.PartitionTableKind != Dissect.Partitions.PartitionTableKind.None;
        VeritySettings verity = image.Verity;
        foreach ((PartitionDesignator designator, DissectedPartition partition) in image.Selected)
        {
            bool isHash = designator is PartitionDesignator.RootVerity or PartitionDesignator.UsrVerity;
            bool isSignature = designator is PartitionDesignator.RootVeritySig or PartitionDesignator.UsrVeritySig;
            bool covers = verity.Designator == DataOf(designator);
            if ((isHash && !(covers && verity.IsReady)) || (isSignature && !(covers && verity.IsSignatureReady && verity.SignatureFromPartition)))
            {
                continue;
            }

            var policy = new PartitionPolicy();
            if (!isHash && !isSignature && covers && !verity.RootHash.IsEmpty)
            {
                // 262 pins "signed" for a naked file system whose .verity tree is ready even without a signature (observed).
                policy.Signed = !verity.Signature.IsEmpty || (!table && verity.IsReady);
                policy.Verity = !policy.Signed;
            }

            if (table)
            {
                bool readOnly = isHash || isSignature || partition.ReadOnly || partition.FileSystemType is "squashfs" or "erofs" or "iso9660";
                policy.ReadOnlyOn = readOnly;
                policy.ReadOnlyOff = !readOnly;
                // A read-only partition is never grown: 262 prints growfs-off for it even with the attribute (observed).
                bool growFs = partition.GrowFileSystem && !readOnly;
                policy.GrowFsOn = growFs;
                policy.GrowFsOff = !growFs;
            }

            if (partition.FileSystemType is { } type && s_fileSystems.Contains(type, StringComparer.Ordinal))
            {
                policy.FileSystems.Add(type);
            }

            partitions[designator] = policy;
        }

        return new ImagePolicy(partitions);
    }

    /// <summary>The union of <paramref name="policies"/> (flags of a designator or-ed), or null when there are none.</summary>
    public static ImagePolicy? Union(IEnumerable<ImagePolicy> policies)
    {
        SortedDictionary<PartitionDesignator, PartitionPolicy>? result = null;
        foreach (ImagePolicy policy in policies)
        {
            result ??= [];
            foreach ((PartitionDesignator designator, PartitionPolicy partition) in policy._partitions)
            {
                if (!result.TryGetValue(designator, out PartitionPolicy? merged))
                {
                    result[designator] = merged = new PartitionPolicy();
                }

                merged.Verity |= partition.Verity;
                merged.Signed |= partition.Signed;
                merged.ReadOnlyOn |= partition.ReadOnlyOn;
                merged.ReadOnlyOff |= partition.ReadOnlyOff;
                merged.GrowFsOn |= partition.GrowFsOn;
                merged.GrowFsOff |= partition.GrowFsOff;
                merged.FileSystems.UnionWith(partition.FileSystems);
            }
        }

        return result is null ? null : new ImagePolicy(result);
    }

    /// <summary>The policy string, e.g. <c>root=read-only-off+growfs-off+ext4:=absent</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach ((PartitionDesignator designator, PartitionPolicy partition) in _partitions)
        {
            sb.Append(PartitionDesignatorNames.ToName(designator)).Append('=');
            var flags = new List<string>();
            if (partition.Verity)
            {
                flags.Add("verity");
            }

            if (partition.Signed)
            {
                flags.Add("signed");
            }

            // Both halves of a pair set means no constraint, which systemd prints as nothing.
            if (partition.ReadOnlyOn != partition.ReadOnlyOff)
            {
                flags.Add(partition.ReadOnlyOn ? "read-only-on" : "read-only-off");
            }

            if (partition.GrowFsOn != partition.GrowFsOff)
            {
                flags.Add(partition.GrowFsOn ? "growfs-on" : "growfs-off");
            }

            flags.AddRange(s_fileSystems.Where(partition.FileSystems.Contains));
            sb.AppendJoin('+', flags).Append(':');
        }

        return sb.Append("=absent").ToString();
    }

    private static PartitionDesignator DataOf(PartitionDesignator designator) => designator switch
    {
        PartitionDesignator.RootVerity or PartitionDesignator.RootVeritySig => PartitionDesignator.Root,
        PartitionDesignator.UsrVerity or PartitionDesignator.UsrVeritySig => PartitionDesignator.Usr,
        _ => designator,
    };

    private sealed class PartitionPolicy
    {
        public bool Verity { get; set; }

        public bool Signed { get; set; }

        public bool ReadOnlyOn { get; set; }

        public bool ReadOnlyOff { get; set; }

        public bool GrowFsOn { get; set; }

        public bool GrowFsOff { get; set; }

        public HashSet<string> FileSystems { get; } = new(StringComparer.Ordinal);
    }
}
