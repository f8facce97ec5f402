// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Collections.Concurrent;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.FileSystems.Ext4;

/// <summary>
/// Builds the ext2/3/4 test images once per test run, lazily (a test that is skipped for lack of
/// root or mke2fs builds nothing): one rich source tree made into every <see cref="Variants"/> entry
/// (its big directory has 1000 entries with 200-byte names rather than thousands of short ones:
/// mke2fs -d links entries in quadratic time, and long names force the same multi-level hash trees)
/// with the real <c>mke2fs -d</c>, plus a small tree for the corruption and fuzz images.
/// </summary>
public sealed class Ext4ImageFixture : IDisposable
{
    /// <summary>mke2fs arguments per variant name (the image is 96 MiB; dir_index variants get <c>e2fsck -D</c> to build hash trees).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Variants = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["ext4-default"] = ["-t", "ext4"],
        ["ext4-no64bit"] = ["-t", "ext4", "-O", "^64bit"],
        ["ext4-nocsum"] = ["-t", "ext4", "-O", "^metadata_csum"],
        ["ext2-1k"] = ["-t", "ext2", "-b", "1024"],
        ["ext4-noextent-1k"] = ["-t", "ext4", "-b", "1024", "-O", "^extent,^64bit"],
        ["ext4-inline"] = ["-t", "ext4", "-O", "inline_data"],
        ["ext4-nodirindex"] = ["-t", "ext4", "-O", "^dir_index"],
        ["ext4-inode128"] = ["-t", "ext4", "-I", "128"],
        ["ext4-1k"] = ["-t", "ext4", "-b", "1024"],
        ["ext4-metabg-1k"] = ["-t", "ext4", "-b", "1024", "-g", "1024", "-O", "meta_bg,^resize_inode"],
    };

    /// <summary>Small images for corruption and fuzz tests (4 MiB, few inodes).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> SmallVariants = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["small-csum"] = ["-t", "ext4", "-b", "4096", "-N", "64"],
        ["small-nocsum"] = ["-t", "ext4", "-b", "4096", "-N", "64", "-O", "^metadata_csum"],
        ["small-nocsum-1k"] = ["-t", "ext4", "-b", "1024", "-N", "64", "-O", "^metadata_csum"],
        ["small-ext2-1k"] = ["-t", "ext2", "-b", "1024", "-N", "64"],
        ["small-inline-1k"] = ["-t", "ext4", "-b", "1024", "-N", "64", "-O", "inline_data,^metadata_csum"],
    };

    private readonly TempDirectory _temp = new("portabled-ext4");
    private readonly ConcurrentDictionary<string, Lazy<string>> _images = new(StringComparer.Ordinal);
    private readonly Lazy<string> _richTree;
    private readonly Lazy<string> _smallTree;

    /// <summary>Creates the fixture; nothing is built until an image is asked for.</summary>
    public Ext4ImageFixture()
    {
        _richTree = new Lazy<string>(() => BuildRichTree(_temp["rich"]));
        _smallTree = new Lazy<string>(() => BuildSmallTree(_temp["small"]));
    }

    /// <summary>The rich source tree (built on first use).</summary>
    public string RichTree => _richTree.Value;

    /// <summary>The image of <paramref name="variant"/> (a key of <see cref="Variants"/> or <see cref="SmallVariants"/>).</summary>
    public string Image(string variant) =>
        _images.GetOrAdd(variant, v => new Lazy<string>(() => Build(v))).Value;

    /// <summary>A fresh copy of an image, to patch.</summary>
    public string CopyOf(string variant, string name)
    {
        string path = _temp[name + ".img"];
        File.Copy(Image(variant), path, overwrite: true);
        return path;
    }

    /// <summary>A scratch path in the fixture's directory.</summary>
    public string Scratch(string name) => _temp[name];

    /// <inheritdoc />
    public void Dispose() => _temp.Dispose();

    private string Build(string variant)
    {
        bool small = SmallVariants.TryGetValue(variant, out string[]? args);
        args ??= Variants[variant];
        string source = small ? _smallTree.Value : _richTree.Value;
        string image = _temp[variant + ".img"];
        string size = small ? "4M" : "96M";
        var all = new List<string> { "-q", "-F", "-d", source, "-E", "root_owner=0:0" };
        if (!small)
        {
            all.AddRange(["-N", "8192"]);
        }

        all.AddRange(args);
        all.AddRange([image, size]);
        ProcessRunner.RunChecked("mke2fs", [.. all]);
        if (!args.Contains("^dir_index") && !small)
        {
            // mke2fs -d writes linear directories; e2fsck -D rebuilds the big ones as hash trees.
            ProcessResult r = ProcessRunner.Run("e2fsck", ["-f", "-y", "-D", image]);
            if (r.ExitCode is not (0 or 1))
            {
                throw new InvalidOperationException($"e2fsck -D {image} exited {r.ExitCode}: {r.StandardOutput}{r.StandardError}");
            }
        }

        return image;
    }

    private static string BuildRichTree(string root)
    {
        ProcessRunner.Shell($$"""
            mkdir -p '{{root}}' && cd '{{root}}'
            printf 'hello\n' > small.txt
            : > empty
            head -c 59 /dev/zero | tr '\0' 'b' > fifty-nine
            head -c 70 /dev/zero | tr '\0' 'c' > seventy
            head -c 4097 /dev/urandom > page-plus-one
            head -c 300000 /dev/urandom > medium.bin
            head -c 20M /dev/urandom > large.bin
            truncate -s 10M sparse.bin
            printf 'middle' | dd of=sparse.bin bs=1 seek=5000000 conv=notrunc status=none
            truncate -s 70M sparse-triple.bin
            printf 'far' | dd of=sparse-triple.bin bs=1 seek=68000000 conv=notrunc status=none
            ln small.txt hardlink.txt
            ln -s small.txt fast-link
            ln -s "$(printf 'a%.0s' $(seq 59))" fast-link-59
            ln -s "$(printf 'l%.0s' $(seq 100))/target" slow-link
            ln -s "$(printf 'p%.0s' $(seq 255))/$(printf 'q%.0s' $(seq 255))/$(printf 'r%.0s' $(seq 255))" very-slow-link
            echo long > "$(printf 'n%.0s' $(seq 255))"
            echo utf > 'ünïcödé name'
            d=deep; for i in $(seq 40); do d="$d/level$i"; done; mkdir -p "$d"; echo bottom > "$d/file"
            # 1000 long names: a multi-block hash tree with 4 KiB blocks, a two-level one with 1 KiB blocks.
            mkdir many; p="$(printf 'e%.0s' $(seq 200))"; for i in $(seq 1000); do : > "many/$p-$i"; done
            mkdir small-dir; echo a > small-dir/a; echo b > small-dir/b
            mknod char-dev c 1 3; mknod block-dev b 7 0; mknod big-dev c 300 70000; mkfifo fifo
            echo s > setuid; chmod 4755 setuid
            echo g > setgid; chmod 2710 setgid
            mkdir sticky; chmod 1777 sticky
            echo o > owned-1000; chown 1000:1000 owned-1000
            echo o > owned-high; chown 70000:70001 owned-high
            mkdir nobody-dir; chown 65534:65534 nobody-dir; chmod 700 nobody-dir
            mkdir -p links etc usr/lib; echo 'ID=test' > usr/lib/os-release
            ln -s ../usr/lib/os-release etc/os-release
            ln -s loop-b links/loop-a; ln -s loop-a links/loop-b
            ln -s ../../../../small.txt links/up
            ln -s /small.txt links/abs
            ln -s /etc/os-release links/abs-chain
            ln -s ../deep links/deep-link
            ln -s does-not-exist links/dangling
            """);
        return root;
    }

    private static string BuildSmallTree(string root)
    {
        ProcessRunner.Shell($$"""
            mkdir -p '{{root}}/dir/sub' && cd '{{root}}'
            printf 'hello\n' > file.txt
            head -c 70 /dev/zero | tr '\0' 'c' > seventy
            head -c 20000 /dev/zero | tr '\0' 'z' > extents.bin
            : > fragmented; for i in $(seq 0 40); do printf 'chunk%d' $i | dd of=fragmented bs=1 seek=$((i * 8192)) conv=notrunc status=none; done
            head -c 300000 /dev/zero | tr '\0' 'm' > double-indirect.bin
            echo x > dir/a; echo y > dir/sub/b
            ln -s file.txt link; ln -s "$(printf 'l%.0s' $(seq 80))" slow-link; ln -s loop2 loop1; ln -s loop1 loop2
            mkfifo fifo; ln file.txt hard
            """);
        return root;
    }
}
