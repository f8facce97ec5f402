// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Collections.Concurrent;
using System.Text;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.FileSystems.SquashFs;

/// <summary>
/// Builds, once per test run, the source trees and every squashfs image the tests use, with the
/// real mksquashfs, into one temporary directory. Trees and images are made on first use, so a
/// test that is skipped costs nothing. Parts that need root (device nodes, sockets, other owners,
/// trusted xattrs) are left out when not running as root.
/// </summary>
public sealed class SquashFsImageFixture : IDisposable
{
    /// <summary>Entries of the large directory: enough for several metadata blocks and directory headers.</summary>
    public const int LargeDirectoryEntries = 3000;

    /// <summary>Levels of the deep tree.</summary>
    public const int DeepTreeLevels = 60;

    private readonly TempDirectory _temp = new("portabled-squashfs");
    private readonly ConcurrentDictionary<string, Lazy<string>> _images = new(StringComparer.Ordinal);
    private readonly Lazy<string> _tree;
    private readonly Lazy<string> _smallTree;

    /// <summary>Creates the fixture; nothing is built yet.</summary>
    public SquashFsImageFixture()
    {
        _tree = new Lazy<string>(() => BuildTree(_temp["tree"]));
        _smallTree = new Lazy<string>(() => BuildSmallTree(_temp["small"]));
    }

    /// <summary>The image of the full tree built as <paramref name="variant"/>.</summary>
    public string Image(string variant) => _images.GetOrAdd(variant, name => new Lazy<string>(() =>
            MakeImage(_tree.Value, _temp[name + ".sqfs"], SquashFsVariant.Get(name).Arguments))).Value;

    /// <summary>
    /// The small image (a few files, links and directories) used by the path, corruption and fuzz
    /// tests; <paramref name="uncompressed"/> stores every table and block uncompressed, so tests
    /// can patch single fields in place. 4 KiB blocks.
    /// </summary>
    public string SmallImage(bool uncompressed, string compressor = "gzip")
    {
        string name = $"small-{compressor}{(uncompressed ? "-raw" : string.Empty)}";
        string[] args = uncompressed
            ? ["-noI", "-noD", "-noF", "-noX", "-b", "4K", "-no-xattrs"]
            : ["-comp", compressor, "-b", "4K", "-no-xattrs"];
        return _images.GetOrAdd(name, n => new Lazy<string>(() => MakeImage(_smallTree.Value, _temp[n + ".sqfs"], args))).Value;
    }

    /// <summary>A copy of <paramref name="image"/> in the temp directory that a test may modify.</summary>
    public string CopyOf(string image, string name)
    {
        string copy = _temp[name];
        File.Copy(image, copy, overwrite: true);
        return copy;
    }

    /// <inheritdoc />
    public void Dispose() => _temp.Dispose();

    private static string MakeImage(string source, string image, string[] arguments)
    {
        ProcessResult r = ProcessRunner.Run("mksquashfs", [source, image, "-noappend", "-quiet", "-no-progress", .. arguments]);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"mksquashfs {string.Join(' ', arguments)} failed: {r.StandardError}{r.StandardOutput}");
        }

        return image;
    }

    private static string BuildTree(string root)
    {
        Directory.CreateDirectory(root);
        WriteDataFiles(Path.Join(root, "data"));
        WriteSparseFiles(Path.Join(root, "sparse"));
        WriteLinks(Path.Join(root, "links"));
        WriteNames(Path.Join(root, "names"));
        WriteDeepTree(Path.Join(root, "deep"));
        WriteLargeDirectory(Path.Join(root, "large"));
        WriteModes(Path.Join(root, "modes"));
        BuildSmallTree(Path.Join(root, "small"));
        if (TestEnvironment.IsRoot)
        {
            WriteRootOnlyNodes(Path.Join(root, "special"));
        }

        return root;
    }

    private static void WriteDataFiles(string dir)
    {
        Directory.CreateDirectory(dir);
        var sizes = new (string Name, int Size)[]
        {
            ("empty", 0), ("one", 1), ("4095", 4095), ("4096", 4096), ("4097", 4097), ("128k", 131072),
            ("128k+1", 131073), ("1m", 1 << 20), ("1m+100", (1 << 20) + 100),
        };
        foreach ((string name, int size) in sizes)
        {
            File.WriteAllBytes(Path.Join(dir, name), Text(size, seed: size));
        }

        var random = new Random(42);
        byte[] noise = new byte[200_000];
        random.NextBytes(noise);
        File.WriteAllBytes(Path.Join(dir, "random-200k"), noise);
        File.WriteAllBytes(Path.Join(dir, "text-200k"), Text(200_000, seed: 7));
        File.WriteAllBytes(Path.Join(dir, "text-200k-copy"), Text(200_000, seed: 7));
        for (int i = 0; i < 20; i++)
        {
            // Many small files share fragment blocks.
            File.WriteAllBytes(Path.Join(dir, $"small-{i:D2}"), Text(100 + (i * 37), seed: i));
        }
    }

    private static void WriteSparseFiles(string dir)
    {
        Directory.CreateDirectory(dir);
        using (var hole = new FileStream(Path.Join(dir, "hole-3m"), FileMode.CreateNew))
        {
            hole.SetLength(3 << 20);
        }

        using (var middle = new FileStream(Path.Join(dir, "middle"), FileMode.CreateNew))
        {
            middle.Seek(1 << 20, SeekOrigin.Begin);
            middle.Write(Text(5000, seed: 3));
            middle.SetLength((5 << 19) + 17);
        }

        using var tail = new FileStream(Path.Join(dir, "data-at-end"), FileMode.CreateNew);
        tail.Seek((2 << 20) - 10, SeekOrigin.Begin);
        tail.Write(Text(10_000, seed: 4));
    }

    private static void WriteLinks(string dir)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Join(dir, "hard-a"), Text(10_000, seed: 11));
        ProcessRunner.RunChecked("ln", Path.Join(dir, "hard-a"), Path.Join(dir, "hard-b"));
        ProcessRunner.RunChecked("ln", Path.Join(dir, "hard-a"), Path.Join(dir, "hard-c"));
        File.CreateSymbolicLink(Path.Join(dir, "relative"), "../data/one");
        File.CreateSymbolicLink(Path.Join(dir, "absolute"), "/data/4096");
        File.CreateSymbolicLink(Path.Join(dir, "dangling"), "no/such/file");
        File.CreateSymbolicLink(Path.Join(dir, "to-dir"), "../deep");
        File.CreateSymbolicLink(Path.Join(dir, "long"), string.Concat(Enumerable.Repeat("long-component/", 200)) + "end");
    }

    private static void WriteNames(string dir)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Join(dir, new string('n', 255)), "longest name\n");
        Directory.CreateDirectory(Path.Join(dir, new string('d', 255)));
        File.WriteAllText(Path.Join(dir, "ünïcödé-名前"), "utf-8\n");
        File.WriteAllText(Path.Join(dir, "with space"), "space\n");
        File.WriteAllText(Path.Join(dir, ".hidden"), "dot\n");
        File.WriteAllText(Path.Join(dir, "..."), "three dots\n");
    }

    private static void WriteDeepTree(string dir)
    {
        string current = dir;
        for (int i = 1; i <= DeepTreeLevels; i++)
        {
            current = Path.Join(current, $"d{i}");
        }

        Directory.CreateDirectory(current);
        File.WriteAllText(Path.Join(current, "leaf"), "bottom\n");
    }

    private static void WriteLargeDirectory(string dir)
    {
        Directory.CreateDirectory(dir);
        for (int i = 0; i < LargeDirectoryEntries; i++)
        {
            string path = Path.Join(dir, $"entry-{i:D5}-{new string('x', i % 40)}");
            if (i % 500 == 0)
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                File.WriteAllBytes(path, i % 7 == 0 ? Text(i % 300, seed: i) : []);
            }
        }
    }

    private static void WriteModes(string dir)
    {
        Directory.CreateDirectory(dir);
        ProcessRunner.Shell($"""
            cd '{dir}'
            printf '#!/bin/sh\n' > setuid; chmod 4755 setuid
            printf '#!/bin/sh\n' > setgid; chmod 2711 setgid
            mkdir sticky; chmod 1777 sticky
            mkdir setgid-dir; chmod 2750 setgid-dir
            echo secret > no-permissions; chmod 000 no-permissions
            mkfifo -m 0620 fifo
            """);
    }

    private static void WriteRootOnlyNodes(string dir)
    {
        Directory.CreateDirectory(dir);
        ProcessRunner.Shell($"""
            cd '{dir}'
            mknod char-null c 1 3
            mknod block-loop b 7 0
            mknod char-big c 260 70000
            echo owned > u1000; chown 1000:1000 u1000
            echo owned > nobody; chown 65534:65534 nobody
            mkdir odd-owner; chown 12345:54321 odd-owner
            ln -s u1000 link-owned; chown -h 4242:4343 link-owned
            mkfifo fifo-owned; chown 7:8 fifo-owned
            """);
        if (TestEnvironment.FindTool("python3") is not null)
        {
            // A socket, and trusted.* xattrs (allowed on every inode type) so that mksquashfs
            // writes the extended inode types for files, directories, symlinks, devices and fifos.
            ProcessRunner.Shell($"""
                cd '{dir}'
                python3 - <<'PY'
                import os, socket
                s = socket.socket(socket.AF_UNIX); s.bind('socket')
                os.mkdir('xattr-dir'); open('xattr-file', 'w').write('x\n'); os.symlink('xattr-file', 'xattr-link')
                for p in ['xattr-dir', 'xattr-file', 'xattr-link', 'char-null', 'fifo-owned', 'socket']:
                    os.setxattr(p, 'trusted.portabled', b'1', follow_symlinks=False)
                PY
                """);
        }
    }

    private static string BuildSmallTree(string root)
    {
        Directory.CreateDirectory(Path.Join(root, "etc"));
        Directory.CreateDirectory(Path.Join(root, "usr/lib/systemd/system"));
        Directory.CreateDirectory(Path.Join(root, "sub/a"));
        Directory.CreateDirectory(Path.Join(root, "sub/b"));
        File.WriteAllText(Path.Join(root, "usr/lib/os-release"), "ID=portabled-test\nPORTABLE_PREFIXES=app\n");
        File.WriteAllText(Path.Join(root, "usr/lib/systemd/system/app.service"), "[Service]\nExecStart=/bin/true\n");
        File.CreateSymbolicLink(Path.Join(root, "etc/os-release"), "../usr/lib/os-release");
        File.CreateSymbolicLink(Path.Join(root, "abs"), "/usr/lib/os-release");
        File.CreateSymbolicLink(Path.Join(root, "up"), "../../../../usr/lib/os-release");
        File.CreateSymbolicLink(Path.Join(root, "loop1"), "loop2");
        File.CreateSymbolicLink(Path.Join(root, "loop2"), "loop1");
        File.CreateSymbolicLink(Path.Join(root, "self"), "self");
        File.CreateSymbolicLink(Path.Join(root, "dirlink"), "usr/lib");
        File.CreateSymbolicLink(Path.Join(root, "sub/a/to-b"), "../b");
        File.WriteAllBytes(Path.Join(root, "file-5k"), Text(5000, seed: 5));
        File.WriteAllBytes(Path.Join(root, "file-9k"), Text(9000, seed: 9));
        File.WriteAllBytes(Path.Join(root, "sub/b/file-1"), Text(1, seed: 1));
        return root;
    }

    /// <summary>Deterministic, compressible text of <paramref name="size"/> bytes.</summary>
    private static byte[] Text(int size, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(size + 64);
        string[] words = ["portable", "service", "image", "squashfs", "block", "fragment", "inode", "directory", "\n"];
        while (sb.Length < size)
        {
            sb.Append(words[random.Next(words.Length)]).Append(' ');
        }

        return Encoding.ASCII.GetBytes(sb.ToString(0, size));
    }
}
