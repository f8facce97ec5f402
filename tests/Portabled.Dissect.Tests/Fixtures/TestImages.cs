// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Dissect.Tests.Fixtures;

/// <summary>
/// Image fixtures shared by the partition and dissection tests, built at run time with the real
/// tools (sfdisk, mksquashfs, veritysetup) into one temporary directory reused for the whole run.
/// </summary>
internal static class TestImages
{
    private static readonly Lazy<TempDirectory> s_directory = new(() =>
    {
        var dir = new TempDirectory("portabled-dissect-images");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => dir.Dispose();
        return dir;
    });

    private static readonly Lazy<byte[]> s_squashFs = new(BuildSquashFs);

    /// <summary>The shared directory.</summary>
    public static string Directory => s_directory.Value.Path;

    /// <summary>A small squashfs file system (a tree with os-release and a unit), built once with mksquashfs.</summary>
    public static byte[] SquashFsPayload => s_squashFs.Value;

    /// <summary>A fresh path in the shared directory.</summary>
    public static string NewPath(string name) => Path.Join(Directory, $"{Guid.NewGuid():N}-{name}");

    /// <summary>Creates a sparse file of <paramref name="size"/> bytes and runs sfdisk with <paramref name="script"/> on it.</summary>
    public static string Sfdisk(string name, long size, string script)
    {
        string path = NewPath(name);
        using (var f = File.Create(path))
        {
            f.SetLength(size);
        }

        ProcessResult r = ProcessRunner.Run("sfdisk", ["-q", "--no-reread", "--no-tell-kernel", path], standardInput: script);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"sfdisk failed: {r.StandardError}");
        }

        return path;
    }

    /// <summary>Writes <paramref name="data"/> at byte <paramref name="offset"/> of <paramref name="path"/>.</summary>
    public static void WriteAt(string path, long offset, ReadOnlySpan<byte> data)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.Write(handle, data, offset);
    }

    /// <summary>Reads <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
    public static byte[] ReadAt(string path, long offset, int count)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        byte[] buffer = new byte[count];
        RandomAccess.Read(handle, buffer, offset);
        return buffer;
    }

    /// <summary>Builds the tree used for payloads under <paramref name="root"/>.</summary>
    public static void WriteTree(string root)
    {
        System.IO.Directory.CreateDirectory(Path.Join(root, "usr/lib"));
        System.IO.Directory.CreateDirectory(Path.Join(root, "etc/systemd/system"));
        File.WriteAllText(Path.Join(root, "usr/lib/os-release"), "ID=fixture\nPRETTY_NAME=\"Fixture OS\"\n");
        File.CreateSymbolicLink(Path.Join(root, "etc/os-release"), "../usr/lib/os-release");
        File.WriteAllText(Path.Join(root, "etc/systemd/system/fixture.service"), "[Service]\nExecStart=/bin/true\n");
    }

    private static byte[] BuildSquashFs()
    {
        string tree = NewPath("tree");
        WriteTree(tree);
        string image = NewPath("payload.squashfs");
        ProcessRunner.RunChecked("mksquashfs", tree, image, "-noappend", "-quiet", "-all-root", "-no-progress");
        return File.ReadAllBytes(image);
    }
}
