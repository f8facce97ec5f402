// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Collections.Concurrent;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.Fixtures;

/// <summary>A GPT disk image whose root-x86-64 partition holds a file system, and where that partition lies.</summary>
internal sealed record GptRootImage(string Path, long RootOffset, long RootSize);

/// <summary>
/// GPT images whose single DPS root-x86-64 partition holds a squashfs, ext4 or erofs file system
/// made with the real tools (mksquashfs, mke2fs -d, mkfs.erofs) from one source tree, laid out with
/// sfdisk: an ESP first, so the root does not start at the first usable sector, and free space
/// after the root, so a reader that ignores the partition's end would see zeros rather than fail.
/// Built once per run into <see cref="TestImages.Directory"/>.
/// </summary>
internal static class GptRootImages
{
    /// <summary>The formats, as the names systemd (blkid) gives them.</summary>
    public static readonly string[] FileSystemTypes = ["squashfs", "ext4", "erofs"];

    private const long SectorSize = 512;
    private const long RootStartSector = 4096;

    private static readonly Lazy<string> s_tree = new(BuildTree);
    private static readonly ConcurrentDictionary<string, Lazy<GptRootImage>> s_images = new(StringComparer.Ordinal);

    /// <summary>The source tree every image is made from.</summary>
    public static string Tree => s_tree.Value;

    /// <summary>The GPT image whose root partition holds <paramref name="fileSystemType"/> (one of <see cref="FileSystemTypes"/>).</summary>
    public static GptRootImage Get(string fileSystemType) =>
        s_images.GetOrAdd(fileSystemType, t => new Lazy<GptRootImage>(() => Build(t))).Value;

    private static GptRootImage Build(string fileSystemType)
    {
        string fs = TestImages.NewPath("root." + fileSystemType);
        switch (fileSystemType)
        {
            case "squashfs":
                ProcessRunner.RunChecked("mksquashfs", Tree, fs, "-noappend", "-quiet", "-no-progress", "-comp", "zstd");
                break;
            case "ext4":
                ProcessRunner.RunChecked("mke2fs", "-q", "-F", "-t", "ext4", "-d", Tree, fs, "16M");
                break;
            case "erofs":
                ProcessRunner.RunChecked("mkfs.erofs", "--quiet", "-zlz4hc", fs, Tree);
                break;
            default:
                throw new ArgumentException($"unknown file system type '{fileSystemType}'", nameof(fileSystemType));
        }

        long fsBytes = new FileInfo(fs).Length;
        long rootSectors = ((fsBytes + (1 << 20) - 1) >> 20 << 20) / SectorSize;
        long diskBytes = (RootStartSector + rootSectors + 4096) * SectorSize;
        string path = TestImages.Sfdisk($"gpt-{fileSystemType}.img", diskBytes, $"""
            label: gpt
            start=2048, size=2048, type={DpsTypes.Esp}
            start={RootStartSector}, size={rootSectors}, type={DpsTypes.RootX86_64}, name="root-{fileSystemType}"
            """);
        TestImages.WriteAt(path, RootStartSector * SectorSize, File.ReadAllBytes(fs));
        File.Delete(fs);
        return new GptRootImage(path, RootStartSector * SectorSize, rootSectors * SectorSize);
    }

    private static string BuildTree()
    {
        string root = TestImages.NewPath("gpt-root-tree");
        TestImages.WriteTree(root);
        ProcessRunner.Shell($$"""
            set -euo pipefail
            cd '{{root}}'
            mkdir -p usr/bin usr/lib/systemd/system usr/share/many 'odd names' var/empty
            : > usr/lib/empty
            head -c 4097 /dev/urandom > usr/lib/page-plus-one
            head -c 300000 /dev/urandom > usr/lib/medium.bin
            head -c 3M /dev/urandom > usr/lib/large.bin
            seq 1 200000 > usr/share/compressible.txt
            truncate -s 2M usr/lib/sparse.bin
            printf 'middle' | dd of=usr/lib/sparse.bin bs=1 seek=1000000 conv=notrunc status=none
            printf '#!/bin/sh\necho hi\n' > usr/bin/tool && chmod 0755 usr/bin/tool
            ln usr/bin/tool usr/bin/tool-hardlink
            ln -s tool usr/bin/tool-link
            ln -s /usr/lib/os-release usr/lib/absolute-link
            ln -s "$(printf 'x%.0s' $(seq 300))" usr/lib/long-link
            printf '[Service]\nExecStart=/usr/bin/tool\n' > usr/lib/systemd/system/tool.service
            for i in $(seq 1 300); do printf '%s\n' "$i" > "usr/share/many/entry-$i"; done
            printf 'odd\n' > 'odd names/a b#c;d*e?f[g'
            chmod 4755 usr/bin/tool
            chmod 1777 var/empty
            chown -R 0:0 .
            chown 1000:100 usr/lib/medium.bin
            """);
        return root;
    }
}
