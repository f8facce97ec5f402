// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Collections.Concurrent;
using Portabled.Testing;

namespace Portabled.DissectTool.Tests;

/// <summary>A deterministic directory image shared by the CLI tests, built once per run.</summary>
internal static class Fixtures
{
    private static readonly Lazy<TempDirectory> s_directory = new(() =>
    {
        var dir = new TempDirectory("portabled-dissecttool");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => dir.Dispose();
        return dir;
    });

    private static readonly Lazy<string> s_image = new(BuildDirectoryImage);
    private static readonly ConcurrentDictionary<string, Lazy<string>> s_gptImages = new(StringComparer.Ordinal);

    public static string Root => s_directory.Value.Path;

    /// <summary>The directory image "demo_1.0": os-release with PORTABLE_PREFIXES, units, symlinks, odd names.</summary>
    public static string DirectoryImage => s_image.Value;

    public static string NewPath(string name) => Path.Join(Root, $"{Guid.NewGuid():N}-{name}");

    /// <summary>
    /// "demo_1.0.raw": a GPT image (ESP, then root-x86-64 labelled "root-1.0", partition 2) whose root
    /// holds <see cref="DirectoryImage"/> as <paramref name="fileSystemType"/> (squashfs, ext4 or erofs),
    /// made with mksquashfs, mke2fs -d or mkfs.erofs and laid out with sfdisk.
    /// </summary>
    public static string GptImage(string fileSystemType) =>
        s_gptImages.GetOrAdd(fileSystemType, t => new Lazy<string>(() => BuildGptImage(t))).Value;

    /// <summary>
    /// "usr-only.raw": a GPT image with one usr-x86-64 partition (no root) holding a small /usr tree as
    /// <paramref name="fileSystemType"/> (squashfs or erofs, all files owned by root). With
    /// <paramref name="withRoot"/>, a root-x86-64 partition first, whose file system has /etc but no
    /// /usr directory to mount the usr partition on.
    /// </summary>
    public static string UsrOnlyGptImage(string fileSystemType, bool withRoot = false)
    {
        string directory = NewPath("usr-only-" + fileSystemType);
        string usrTree = Path.Join(directory, "usr-tree");
        WriteTree(usrTree, new()
        {
            ["bin/demo"] = ("#!/bin/sh\necho demo\n", 0b111_101_101),
            ["lib/os-release"] = ("ID=demo\nVERSION_ID=1\n", 0b110_100_100),
            ["lib/systemd/system/demo.service"] = ("[Service]\nExecStart=/usr/bin/demo\n", 0b110_100_100),
        });
        var partitions = new List<(string Type, string FileSystem)>();
        if (withRoot)
        {
            string rootTree = Path.Join(directory, "root-tree");
            WriteTree(rootTree, new() { ["etc/hostname"] = ("demo\n", 0b110_100_100) });
            partitions.Add(("4f68bce3-e8cd-4db1-96e7-fbcaf984b709", MakeFileSystem(fileSystemType, rootTree, Path.Join(directory, "root.fs"))));
        }

        partitions.Add(("8484680c-9521-48c6-9c11-b0720656f69e", MakeFileSystem(fileSystemType, usrTree, Path.Join(directory, "usr.fs"))));
        string image = Path.Join(directory, "usr-only.raw");
        using (var f = File.Create(image))
        {
            f.SetLength(16 << 20);
        }

        string table = "label: gpt\n" + string.Concat(partitions.Select((p, i) =>
            $"start={2048 + (i * 8192)}, size=8192, type={p.Type}, uuid=11111111-2222-3333-4444-55555555555{i}\n"));
        ProcessResult r = ProcessRunner.Run("sfdisk", ["-q", "--no-reread", "--no-tell-kernel", image], standardInput: table);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"sfdisk failed: {r.StandardError}");
        }

        using var handle = File.OpenHandle(image, FileMode.Open, FileAccess.ReadWrite);
        for (int i = 0; i < partitions.Count; i++)
        {
            RandomAccess.Write(handle, File.ReadAllBytes(partitions[i].FileSystem), (2048L + (i * 8192)) * 512);
        }

        return image;
    }

    private static void WriteTree(string root, Dictionary<string, (string Content, int Mode)> files)
    {
        foreach ((string path, (string content, int mode)) in files)
        {
            string full = Path.Join(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
            File.SetUnixFileMode(full, (UnixFileMode)mode);
        }

        foreach (string d in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Append(root))
        {
            File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
        }
    }

    private static string MakeFileSystem(string fileSystemType, string tree, string output)
    {
        _ = fileSystemType switch
        {
            "squashfs" => ProcessRunner.RunChecked("mksquashfs", tree, output, "-noappend", "-quiet", "-no-progress", "-all-root"),
            "erofs" => ProcessRunner.RunChecked("mkfs.erofs", "--quiet", "--all-root", output, tree),
            _ => throw new ArgumentException($"unknown file system type '{fileSystemType}'", nameof(fileSystemType)),
        };
        return output;
    }

    private static string BuildGptImage(string fileSystemType)
    {
        string directory = NewPath("gpt-" + fileSystemType);
        Directory.CreateDirectory(directory);
        string fs = Path.Join(directory, "root." + fileSystemType);
        _ = fileSystemType switch
        {
            "squashfs" => ProcessRunner.RunChecked("mksquashfs", DirectoryImage, fs, "-noappend", "-quiet", "-no-progress"),
            "ext4" => ProcessRunner.RunChecked("mke2fs", "-q", "-F", "-t", "ext4", "-d", DirectoryImage, fs, "8M"),
            "erofs" => ProcessRunner.RunChecked("mkfs.erofs", "--quiet", fs, DirectoryImage),
            _ => throw new ArgumentException($"unknown file system type '{fileSystemType}'", nameof(fileSystemType)),
        };
        string image = Path.Join(directory, "demo_1.0.raw");
        using (var f = File.Create(image))
        {
            f.SetLength(24 << 20);
        }

        ProcessResult r = ProcessRunner.Run("sfdisk", ["-q", "--no-reread", "--no-tell-kernel", image], standardInput: """
            label: gpt
            start=2048, size=2048, type=c12a7328-f81f-11d2-ba4b-00a0c93ec93b, uuid=eeeeeeee-2222-3333-4444-555555555555
            start=4096, size=16384, type=4f68bce3-e8cd-4db1-96e7-fbcaf984b709, name="root-1.0", uuid=11111111-2222-3333-4444-555555555555
            """);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"sfdisk failed: {r.StandardError}");
        }

        byte[] payload = File.ReadAllBytes(fs);
        using var handle = File.OpenHandle(image, FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.Write(handle, payload, 4096L * 512);
        return image;
    }

    private static string BuildDirectoryImage()
    {
        string root = Path.Join(Root, "demo_1.0");
        void Dir(string p) => Directory.CreateDirectory(Path.Join(root, p));
        void FileAt(string p, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100)
        {
            File.WriteAllText(Path.Join(root, p), content);
            File.SetUnixFileMode(Path.Join(root, p), mode);
        }

        Dir("usr/lib/systemd/system");
        Dir("etc/systemd/system");
        Dir("usr/bin");
        Dir("sbin");
        Dir("odd names");
        FileAt("usr/lib/os-release", "ID=demo\nVERSION_ID=1.0\nPRETTY_NAME=\"Demo OS\"\nPORTABLE_PREFIXES=demo\n");
        File.CreateSymbolicLink(Path.Join(root, "etc/os-release"), "../usr/lib/os-release");
        FileAt("etc/hostname", "# comment\ndemohost\n");
        FileAt("etc/machine-id", "0123456789abcdef0123456789abcdef\n");
        FileAt("usr/lib/systemd/system/demo.service", "[Service]\nExecStart=/usr/bin/demo\n");
        FileAt("usr/lib/systemd/system/demo.socket", "[Socket]\nListenStream=/run/demo.sock\n");
        FileAt("usr/lib/systemd/system/empty.service", string.Empty);
        File.CreateSymbolicLink(Path.Join(root, "etc/systemd/system/demo-alias.service"), "/usr/lib/systemd/system/demo.service");
        FileAt("usr/bin/busybox", "#!/bin/sh\necho busybox\n", (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Join(root, "usr/bin/sh"), "busybox");
        File.CreateSymbolicLink(Path.Join(root, "sbin/init"), "/usr/bin/busybox");
        FileAt("odd names/a b#c;d*e?f[g", "odd\n");
        FileAt("odd names/ünï", "unicode\n");
        foreach (string d in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Append(root))
        {
            File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
        }

        return root;
    }
}
