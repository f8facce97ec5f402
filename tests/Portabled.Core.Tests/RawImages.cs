// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Core.Tests;

/// <summary>
/// Raw image fixtures built at test time with the real tools (mksquashfs, mkfs.ext4 -d, mkfs.erofs,
/// sfdisk with Discoverable Partitions types) into a <see cref="TestHost"/>'s root prefix.
/// </summary>
internal static class RawImages
{
    /// <summary>DPS root-x86-64.</summary>
    public const string RootX86_64 = "4f68bce3-e8cd-4db1-96e7-fbcaf984b709";

    /// <summary>DPS root-arm64.</summary>
    public const string RootArm64 = "b921b045-1df0-41c3-af44-4c6f280d3fae";

    /// <summary>DPS usr-x86-64.</summary>
    public const string UsrX86_64 = "8484680c-9521-48c6-9c11-b0720656f69e";

    /// <summary>DPS home.</summary>
    public const string Home = "933ac7e1-2eb4-4f13-b844-0e14e2aef915";

    /// <summary>Generic Linux data.</summary>
    public const string LinuxGeneric = "0fc63daf-8483-4772-8e79-3d69d8477de4";

    /// <summary>
    /// Writes a portable image tree into a fresh host directory: os-release (unless null) in
    /// /usr/lib with /etc/os-release linking to it, and /usr/lib/systemd/system/UNIT.service; with
    /// <paramref name="extensionRelease"/>, an extension-release file named <paramref name="releaseName"/> instead.
    /// </summary>
    public static string Tree(TestHost host, string unit, string? osRelease = TestHost.DefaultOsRelease, string? extensionRelease = null, string? releaseName = null)
    {
        string tree = host.Host($"/.trees/{Guid.NewGuid():N}");
        Directory.CreateDirectory($"{tree}/usr/lib/systemd/system");
        Directory.CreateDirectory($"{tree}/etc");
        if (osRelease is not null)
        {
            File.WriteAllText($"{tree}/usr/lib/os-release", osRelease);
            File.CreateSymbolicLink($"{tree}/etc/os-release", "../usr/lib/os-release");
        }

        if (extensionRelease is not null)
        {
            Directory.CreateDirectory($"{tree}/usr/lib/extension-release.d");
            File.WriteAllText($"{tree}/usr/lib/extension-release.d/extension-release.{releaseName ?? unit}", extensionRelease);
        }

        File.WriteAllText($"{tree}/usr/lib/systemd/system/{unit}.service", $"[Unit]\nDescription={unit}\n\n[Service]\nExecStart=/usr/bin/{unit}\n");
        return tree;
    }

    /// <summary>A naked squashfs of <paramref name="tree"/> at <paramref name="logical"/>.</summary>
    public static string SquashFs(TestHost host, string tree, string logical)
    {
        string path = Prepare(host, logical);
        ProcessRunner.RunChecked("mksquashfs", tree, path, "-noappend", "-quiet", "-all-root", "-no-progress");
        return logical;
    }

    /// <summary>A naked ext4 (mkfs.ext4 -d) of <paramref name="tree"/> at <paramref name="logical"/>.</summary>
    public static string Ext4(TestHost host, string tree, string logical)
    {
        string path = Prepare(host, logical);
        using (var f = File.Create(path))
        {
            f.SetLength(8 * 1024 * 1024);
        }

        ProcessRunner.RunChecked("mkfs.ext4", "-q", "-F", "-E", "root_owner=0:0", "-d", tree, path);
        return logical;
    }

    /// <summary>A naked erofs of <paramref name="tree"/> at <paramref name="logical"/>.</summary>
    public static string Erofs(TestHost host, string tree, string logical)
    {
        string path = Prepare(host, logical);
        ProcessRunner.RunChecked("mkfs.erofs", "--quiet", path, tree);
        return logical;
    }

    /// <summary>
    /// A GPT disk at <paramref name="logical"/> with one partition of type <paramref name="typeGuid"/>
    /// (attributes <paramref name="attributes"/>, sfdisk syntax such as <c>60</c>) holding the file
    /// system image at host path <paramref name="fileSystem"/>.
    /// </summary>
    public static string Gpt(TestHost host, string fileSystem, string logical, string typeGuid, string? attributes = null)
    {
        string path = Prepare(host, logical);
        long sectors = (new FileInfo(fileSystem).Length + 511) / 512;
        using (var f = File.Create(path))
        {
            f.SetLength((2048 + sectors + 2048 + 34) * 512);
        }

        string attrs = attributes is null ? string.Empty : $", attrs=\"{attributes}\"";
        ProcessResult r = ProcessRunner.Run("sfdisk", ["-q", "--no-reread", "--no-tell-kernel", path],
            standardInput: $"label: gpt\nstart=2048, size={sectors}, type={typeGuid}, name=\"p\"{attrs}\n");
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"sfdisk failed: {r.StandardError}");
        }

        using var source = File.OpenRead(fileSystem);
        using var target = File.OpenWrite(path);
        target.Position = 2048 * 512;
        source.CopyTo(target);
        return logical;
    }

    /// <summary>A GPT disk at <paramref name="logical"/> with one partition per (file system image at a host path, type GUID), in order.</summary>
    public static string Gpt(TestHost host, string logical, params (string FileSystem, string TypeGuid)[] partitions)
    {
        string path = Prepare(host, logical);
        long[] sectors = [.. partitions.Select(p => (new FileInfo(p.FileSystem).Length + 511) / 512)];
        using (var f = File.Create(path))
        {
            f.SetLength((2048 + sectors.Sum() + 2048 + 34) * 512);
        }

        var table = new System.Text.StringBuilder("label: gpt\n");
        long start = 2048;
        for (int i = 0; i < partitions.Length; start += sectors[i], i++)
        {
            table.Append(System.Globalization.CultureInfo.InvariantCulture, $"start={start}, size={sectors[i]}, type={partitions[i].TypeGuid}\n");
        }

        ProcessResult r = ProcessRunner.Run("sfdisk", ["-q", "--no-reread", "--no-tell-kernel", path], standardInput: table.ToString());
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"sfdisk failed: {r.StandardError}");
        }

        using var target = File.OpenWrite(path);
        start = 2048;
        for (int i = 0; i < partitions.Length; start += sectors[i], i++)
        {
            using var source = File.OpenRead(partitions[i].FileSystem);
            target.Position = start * 512;
            source.CopyTo(target);
        }

        return logical;
    }

    private static string Prepare(TestHost host, string logical)
    {
        string path = host.Host(logical);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
