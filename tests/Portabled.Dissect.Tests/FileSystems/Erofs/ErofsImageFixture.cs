// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Collections.Concurrent;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.FileSystems.Erofs;

/// <summary>
/// Source trees and erofs images built with the real mkfs.erofs, once per test run, on demand
/// (so a run without mkfs.erofs or root only skips). The big tree has every kind of node and
/// size the reader must handle; the small tree keeps the fuzz and corruption images small.
/// </summary>
public sealed class ErofsImageFixture : IDisposable
{
    // Run as root: owners and device nodes need it. mkfs.erofs 1.5 fails on 255-byte names,
    // so the longest name is 254 bytes. `yes | head` dies of SIGPIPE: no pipefail here.
    private const string BigTreeScript = """
        set -eu
        S="$1"; mkdir -p "$S"; cd "$S"
        printf 'hello\n' > small
        : > empty
        head -c 4095 /dev/urandom > size-4095
        head -c 4096 /dev/urandom > size-4096
        head -c 4097 /dev/urandom > size-4097
        head -c 100000 /dev/urandom > random
        yes 'portabled erofs test line' | head -c 1000000 > compressible
        head -c 1000000 /dev/zero > zeros
        for i in $(seq 0 19); do yes "chunk $i of the large file" | head -c 1048576; head -c 32768 /dev/urandom; done > large
        truncate -s 3M sparse; printf 'middle' | dd of=sparse bs=1 seek=1048576 conv=notrunc status=none
        ln small hardlink
        ln -s small rel-link; ln -s /usr/lib/os-release abs-link; ln -s nowhere dangling
        ln -s "$(printf 'a/%.0s' $(seq 1 1500))end" long-link
        echo x > "$(printf 'n%.0s' $(seq 1 254))"
        d=deep; for i in $(seq 1 40); do d="$d/level$i"; done; mkdir -p "$d"; echo bottom > "$d/file"
        mkdir bigdir; for i in $(seq 1 3000); do : > "bigdir/entry-with-a-longish-name-$i"; done
        echo data > bigdir/entry-with-a-longish-name-1500
        mknod chr c 1 3; mknod blk b 7 0; mknod bigdev c 4095 1048575
        mkfifo fifo
        if command -v python3 >/dev/null; then python3 -c "import socket; s=socket.socket(socket.AF_UNIX); s.bind('socket')"; fi
        echo s > setuid; chmod 4755 setuid; echo g > setgid; chmod 2711 setgid
        mkdir sticky; chmod 1777 sticky; mkdir private; chmod 700 private
        echo o > owned; chown 1000:1000 owned; echo b > bigowner; chown 123456:654321 bigowner
        echo n > nobody; chown 65534:65534 nobody
        echo u > 'ünïcødé-名前'
        mkdir -p usr/lib etc; printf 'ID=test\nPORTABLE_PREFIXES=app\n' > usr/lib/os-release
        ln -s ../usr/lib/os-release etc/os-release
        ln -s /usr/lib/os-release etc/abs-os-release
        ln -s ../../../../../usr/lib/os-release etc/clamped-os-release
        ln -s loop2 etc/loop1; ln -s loop1 etc/loop2
        ln -s /etc etc/self-dir
        ln -s os-release/x etc/not-a-dir
        touch -h -d '2001-02-03 04:05:06.123456789' small etc/os-release
        """;

    private const string SmallTreeScript = """
        set -eu
        S="$1"; mkdir -p "$S"; cd "$S"
        printf 'hello\n' > small
        : > empty
        yes 'small tree compressible line' | head -c 20000 > compressible
        head -c 9000 /dev/urandom > random
        mkdir -p dir/sub; for i in $(seq 1 40); do echo "$i" > "dir/file-$i"; done
        echo nested > dir/sub/nested
        ln -s dir/sub/nested link; ln -s /dir abs-dir
        mknod chr c 1 3
        """;

    private readonly TempDirectory _temp = new("portabled-erofs");
    private readonly Lazy<string> _bigTree;
    private readonly Lazy<string> _smallTree;
    private readonly ConcurrentDictionary<string, Lazy<string>> _images = new(StringComparer.Ordinal);

    /// <summary>Creates the fixture; nothing is built until asked for.</summary>
    public ErofsImageFixture()
    {
        _bigTree = new Lazy<string>(() => MakeTree("big-tree", BigTreeScript));
        _smallTree = new Lazy<string>(() => MakeTree("small-tree", SmallTreeScript));
    }

    /// <summary>The big source tree.</summary>
    public string BigTree => _bigTree.Value;

    /// <summary>An image of the big tree built with <see cref="ErofsVariants"/>' arguments for <paramref name="variant"/>.</summary>
    public string BigImage(string variant) =>
        _images.GetOrAdd("big-" + variant, key => new Lazy<string>(() => Build(key, _bigTree.Value, ErofsVariants.Arguments(variant)))).Value;

    /// <summary>An image of the small tree, built with the given mkfs.erofs arguments.</summary>
    public string SmallImage(string name, params string[] arguments) =>
        _images.GetOrAdd("small-" + name, key => new Lazy<string>(() => Build(key, _smallTree.Value, arguments))).Value;

    /// <summary>A fresh scratch file path in the fixture's directory.</summary>
    public string ScratchPath(string name) => _temp[name];

    /// <inheritdoc />
    public void Dispose() => _temp.Dispose();

    private string MakeTree(string name, string script)
    {
        string path = _temp[name];
        ProcessResult r = ProcessRunner.Run("/bin/bash", ["-c", script, "tree", path]);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"building {name} failed: {r.StandardError}");
        }

        return path;
    }

    private string Build(string name, string tree, IReadOnlyList<string> arguments)
    {
        string image = _temp[name + ".erofs"];
        var args = new List<string> { "--quiet" };
        args.AddRange(arguments);
        args.Add(image);
        args.Add(tree);
        ProcessResult r = ProcessRunner.Run("mkfs.erofs", args);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"mkfs.erofs {string.Join(' ', arguments)} failed: {r.StandardError}{r.StandardOutput}");
        }

        return image;
    }
}
