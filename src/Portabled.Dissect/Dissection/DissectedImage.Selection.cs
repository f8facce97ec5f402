// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics.CodeAnalysis;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Partitions;
using Portabled.Dissect.Partitions.Gpt;
using Portabled.Dissect.Partitions.Mbr;

namespace Portabled.Dissect.Dissection;

/*
 * Partition selection, following systemd's dissect_image() with portabled's flags (READ_ONLY |
 * GENERIC_ROOT | REQUIRE_ROOT | USR_NO_ROOT | RELAX_VAR_CHECK), docs/image-readers.md, "Partition tables and DPS":
 *
 *   1. a file system at offset 0 makes the whole image the root (checked before any table);
 *   2. GPT: DPS types in table order; no-auto (bit 63) skipped, an ESP with bit 1 skipped; for a
 *      designator seen twice the better architecture wins (native > secondary > other), then for
 *      versioned designators the higher label (UAPI version comparison), else the first;
 *      MBR: bootable 0x83 records are generic candidates, the first 0xEA is XBOOTLDR;
 *   3. consistency: verity or signature without its data/hash partition, root and usr of different
 *      architectures, a root hash naming no partition → EADDRNOTAVAIL; root-verity and usr-verity
 *      together → ENOTUNIQ; root-verity with a usr partition → EADDRNOTAVAIL;
 *   4. no root and no usr: a single generic partition becomes root, several → ENOTUNIQ;
 *   5. still no root and no usr → ENXIO (before the root hash checks: with a root hash that names no
 *      partition, 262's portabled says ENXIO, observed);
 *   6. with a root (usr) hash, only root (usr) and verity partitions whose UUIDs it names count;
 *      a .verity sidecar with a partition table → EBADR.
 */
public sealed partial class DissectedImage
{
    private const string VeritySuperblockMagic = "verity\0\0";

    private static DissectedImage Dissect(ImageFile image, ImageFile? owned, DissectionOptions options)
    {
        IReadOnlyList<IFileSystemFormat> formats = options.FileSystemFormats ?? FileSystemFormats.All;
        VeritySidecars sidecars = options.UseVeritySidecars ? VeritySidecars.Find(image.Path) : new VeritySidecars();
        VeritySettings verity = FromSidecars(image.Path, sidecars, options);
        ImageRegion whole = image.Whole;

        if (Probe(whole, formats) is { } nakedFormat)
        {
            var root = new DissectedPartition
            {
                Designator = PartitionDesignator.Root,
                TypeName = null,
                Offset = 0,
                Size = whole.Length,
                FileSystemType = nakedFormat.Name,
                FileSystemFormat = nakedFormat,
                Region = whole,
                IsSelected = true,
            };
            var selectedRoot = new Dictionary<PartitionDesignator, DissectedPartition> { [PartitionDesignator.Root] = root };
            VeritySettings nakedVerity = Complete(image.Path, verity, options, selectedRoot, naked: true);
            ImageFile? data = nakedVerity.IsReady ? ImageFile.Open(nakedVerity.DataPath!) : null;
            return new DissectedImage(image.Path, owned, selectedRoot)
            {
                Size = image.Length,
                PartitionTableKind = PartitionTableKind.None,
                Partitions = [root],
                Sidecars = sidecars,
                Options = options,
                Verity = nakedVerity,
                _verityData = data,
            };
        }

        if (verity.DataPath is not null)
        {
            throw new DissectionException(image.Path, DissectionError.ExternalVerityWithPartitionTable,
                $"Combining partitioned images (such as '{image.Path}') with external Verity data (such as '{verity.DataPath}') not supported.");
        }

        var selection = new Selection(image.Path, options, verity, options.Architecture ?? DpsArchitecture.Host);
        if (GptPartitionTable.HasProtectiveMbr(whole))
        {
            GptPartitionTable table = GptPartitionTable.Read(whole);
            foreach (GptPartitionEntry entry in table.Entries)
            {
                if (DpsPartitionTypes.TryGet(entry.TypeGuid, out DpsPartitionType type))
                {
                    selection.AddGpt(entry, type, whole.Slice(entry.Offset, entry.Length, "GptPartitionEntry"), formats);
                }
            }

            selection.Finish();
            return new DissectedImage(image.Path, owned, selection.Selected)
            {
                Options = options,
                Verity = Complete(image.Path, verity, options, selection.Selected, naked: false),
                Size = image.Length,
                PartitionTableKind = PartitionTableKind.Gpt,
                PartitionTableUuid = table.DiskGuid,
                SectorSize = table.SectorSize,
                UsedBackupGptHeader = table.IsBackupHeader,
                Partitions = selection.All,
                Sidecars = sidecars,
            };
        }

        if (MbrPartitionTable.IsMbr(whole))
        {
            MbrPartitionTable table = MbrPartitionTable.Read(whole);
            foreach (MbrPartitionEntry entry in table.Entries)
            {
                selection.AddMbr(entry, whole.Slice(entry.Offset, entry.Length, "MbrPartitionRecord"), formats);
            }

            selection.Finish();
            return new DissectedImage(image.Path, owned, selection.Selected)
            {
                Options = options,
                Size = image.Length,
                PartitionTableKind = PartitionTableKind.Mbr,
                MbrDiskSignature = table.DiskSignature,
                Partitions = selection.All,
                Sidecars = sidecars,
            };
        }

        throw new DissectionException(image.Path, DissectionError.NoPartitionTableOrFileSystem,
            "Couldn't identify a suitable partition table or file system.");
    }

    private static IFileSystemFormat? Probe(ImageRegion region, IReadOnlyList<IFileSystemFormat> formats)
    {
        foreach (IFileSystemFormat format in formats)
        {
            if (format.Probe(region))
            {
                return format;
            }
        }

        return null;
    }

    /// <summary>The content type of a partition: a readable file system, a verity superblock (blkid's DM_verity_hash), or null.</summary>
    private static (string? Type, IFileSystemFormat? Format) ProbeContent(ImageRegion region, IReadOnlyList<IFileSystemFormat> formats, PartitionDesignator? designator = null)
    {
        // systemd names the content of a signature partition itself; blkid knows no such type.
        if (designator is PartitionDesignator.RootVeritySig or PartitionDesignator.UsrVeritySig)
        {
            return ("verity_hash_signature", null);
        }

        if (Probe(region, formats) is { } format)
        {
            return (format.Name, format);
        }

        Span<byte> magic = stackalloc byte[VeritySuperblockMagic.Length];
        if (region.Read(0, magic) == magic.Length && magic.SequenceEqual("verity\0\0"u8))
        {
            return ("DM_verity_hash", null);
        }

        return (null, null);
    }

    /// <summary>The running state of one selection pass.</summary>
    private sealed class Selection(string imagePath, DissectionOptions options, VeritySettings verity, string? host)
    {
        private DissectedPartition? _generic;
        private bool _multipleGeneric;

        public List<DissectedPartition> All { get; } = [];

        public Dictionary<PartitionDesignator, DissectedPartition> Selected { get; } = [];

        private ReadOnlyMemory<byte> RootHash => verity.RootHash;

        public void AddGpt(GptPartitionEntry entry, DpsPartitionType type, ImageRegion region, IReadOnlyList<IFileSystemFormat> formats)
        {
            (string? fsType, IFileSystemFormat? format) = ProbeContent(region, formats, type.Designator);
            var partition = new DissectedPartition
            {
                Designator = type.Designator,
                TypeName = type.Name,
                TypeGuid = type.TypeGuid,
                Architecture = type.Architecture,
                PartitionNumber = entry.Number,
                Offset = entry.Offset,
                Size = entry.Length,
                Label = entry.Name.Length == 0 ? null : entry.Name,
                Uuid = entry.UniqueGuid,
                Attributes = entry.Attributes,
                FileSystemType = fsType,
                FileSystemFormat = format,
                Region = region,
            };
            All.Add(partition);

            if (type.Designator == PartitionDesignator.Esp
                ? entry.Attributes.HasFlag(GptPartitionAttributes.NoBlockIOProtocol)
                : partition.NoAuto)
            {
                return;
            }

            if (type.IsLinuxGeneric)
            {
                AddGeneric(partition);
            }
            else if (type.Designator is PartitionDesignator designator && IsAcceptable(partition, designator))
            {
                Consider(partition, designator);
            }
        }

        public void AddMbr(MbrPartitionEntry entry, ImageRegion region, IReadOnlyList<IFileSystemFormat> formats)
        {
            bool linux = entry.Type == MbrLayout.LinuxType && entry.IsBootable;
            if (!linux && entry.Type != MbrLayout.XBootLdrType)
            {
                return;
            }

            (string? fsType, IFileSystemFormat? format) = ProbeContent(region, formats);
            var partition = new DissectedPartition
            {
                Designator = linux ? null : PartitionDesignator.XBootLdr,
                TypeName = linux ? "mbr-0x83" : "mbr-0xea",
                PartitionNumber = entry.Number,
                Offset = entry.Offset,
                Size = entry.Length,
                FileSystemType = fsType,
                FileSystemFormat = format,
                Region = region,
            };
            All.Add(partition);
            if (linux)
            {
                AddGeneric(partition);
            }
            else if (!Selected.ContainsKey(PartitionDesignator.XBootLdr))
            {
                Selected[PartitionDesignator.XBootLdr] = partition;
            }
        }

        public void Finish()
        {
            CheckVerityHasData(PartitionDesignator.Root, PartitionDesignator.RootVerity, PartitionDesignator.RootVeritySig);
            CheckVerityHasData(PartitionDesignator.Usr, PartitionDesignator.UsrVerity, PartitionDesignator.UsrVeritySig);

            if (Find(PartitionDesignator.Root) is { Architecture: { } rootArch } && Find(PartitionDesignator.Usr) is { Architecture: { } usrArch }
                && !string.Equals(rootArch, usrArch, StringComparison.Ordinal))
            {
                Fail(DissectionError.NoRootPartitionForRootHash, $"Root ({rootArch}) and usr ({usrArch}) partitions of different architectures.");
            }

            if (Find(PartitionDesignator.Root) is null && Find(PartitionDesignator.Usr) is null && _generic is not null)
            {
                if (_multipleGeneric)
                {
                    Fail(DissectionError.MultipleSuitableRootPartitions, "Multiple suitable root partitions found.");
                }

                Selected[PartitionDesignator.Root] = _generic;
            }

            if (Find(PartitionDesignator.Root) is null && Find(PartitionDesignator.Usr) is null)
            {
                Fail(DissectionError.NoSuitableRootPartition, "No suitable root partition found.");
            }

            PartitionDesignator covered = verity.Designator ?? PartitionDesignator.Root;
            if (!RootHash.IsEmpty && (Find(covered) is null || Find(covered == PartitionDesignator.Usr ? PartitionDesignator.UsrVerity : PartitionDesignator.RootVerity) is null))
            {
                Fail(DissectionError.NoRootPartitionForRootHash, "No root partition for specified root hash found.");
            }

            if (Find(PartitionDesignator.RootVerity) is not null && Find(PartitionDesignator.UsrVerity) is not null)
            {
                Fail(DissectionError.MultipleSuitableRootPartitions, "Both root-verity and usr-verity partitions found.");
            }

            if (Find(PartitionDesignator.RootVerity) is not null && Find(PartitionDesignator.Usr) is not null)
            {
                Fail(DissectionError.NoRootPartitionForRootHash, "A verity-protected root with a separate usr partition is not supported.");
            }

            foreach (DissectedPartition p in Selected.Values)
            {
                p.IsSelected = true;
            }
        }

        private bool IsAcceptable(DissectedPartition partition, PartitionDesignator designator)
        {
            if (options.RequireCompatibleArchitecture && partition.Architecture is { } arch && !DpsArchitecture.IsCompatible(arch, host))
            {
                return false;
            }

            // With a root hash, its first 128 bits name the data partition's UUID and its last 128 bits the verity partition's.
            ReadOnlySpan<byte> hash = RootHash.Span;
            bool usr = verity.Designator == PartitionDesignator.Usr;
            return designator switch
            {
                PartitionDesignator.Root or PartitionDesignator.Usr when hash.Length >= 32 && usr == (designator == PartitionDesignator.Usr)
                    => partition.Uuid == new Guid(hash[..16], bigEndian: true),
                PartitionDesignator.RootVerity or PartitionDesignator.UsrVerity when hash.Length >= 32 && usr == (designator == PartitionDesignator.UsrVerity)
                    => partition.Uuid == new Guid(hash[^16..], bigEndian: true),
                _ => true,
            };
        }

        private void Consider(DissectedPartition partition, PartitionDesignator designator)
        {
            if (Selected.TryGetValue(designator, out DissectedPartition? current))
            {
                int byArch = DpsArchitecture.Compare(partition.Architecture, current.Architecture, host);
                if (byArch < 0)
                {
                    return;
                }

                if (byArch == 0 && (!PartitionDesignatorNames.IsVersioned(designator) || VersionComparer.Instance.Compare(partition.Label, current.Label) <= 0))
                {
                    return;
                }
            }

            Selected[designator] = partition;
        }

        private void AddGeneric(DissectedPartition partition)
        {
            if (_generic is null)
            {
                _generic = partition;
            }
            else
            {
                _multipleGeneric = true;
            }
        }

        private void CheckVerityHasData(PartitionDesignator data, PartitionDesignator verity, PartitionDesignator signature)
        {
            string name = PartitionDesignatorNames.ToName(data);
            if (Find(data) is null && (Find(verity) is not null || Find(signature) is not null))
            {
                Fail(DissectionError.NoRootPartitionForRootHash, $"Verity partition found without its {name} partition.");
            }

            if (Find(verity) is null && Find(signature) is not null)
            {
                Fail(DissectionError.NoRootPartitionForRootHash, $"Verity signature partition found without its {name}-verity partition.");
            }
        }

        private DissectedPartition? Find(PartitionDesignator designator) => Selected.GetValueOrDefault(designator);

        [DoesNotReturn]
        private void Fail(DissectionError error, string problem) => throw new DissectionException(imagePath, error, problem);
    }
}
