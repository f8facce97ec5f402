// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text.Json;

namespace Portabled.Testing.Verity;

/// <summary>
/// A signed verity DDI made by the real <c>systemd-repart</c> of systemd 262 (scripts/fetch-systemd-262)
/// from the definitions in <c>Verity/repart.d/FSTYPE/</c> (root, root-verity, root-verity-sig), offline:
/// no loop device, no dm-verity, the tree and the signature computed by repart itself.
/// </summary>
public static class RepartImage
{
    /// <summary>The file systems there are definitions for.</summary>
    public static readonly string[] FileSystems = ["erofs", "squashfs"];

    // A fixed seed: the disk and signature partition UUIDs repart derives from it are the same every run.
    private const string Seed = "5bb3b1e2-6a1f-4c62-9f4c-8a0c3d1e2f70";

    /// <summary>The repart.d directory for <paramref name="fileSystem"/> (erofs or squashfs).</summary>
    public static string Definitions(string fileSystem) => Path.Join(AppContext.BaseDirectory, "Verity", "repart.d", fileSystem);

    /// <summary>
    /// Runs <c>systemd-repart --empty=create --size=auto --offline=yes</c> to write <paramref name="path"/>
    /// from the tree <paramref name="tree"/>, the root hash signed by <paramref name="key"/> (default:
    /// <see cref="TestSigningKey.Trusted"/>). Returns where repart put the partitions and the root hash it reported.
    /// </summary>
    public static VerityDiskLayout Build(string path, string tree, string fileSystem, TestSigningKey? key = null)
    {
        key ??= TestSigningKey.Trusted;
        File.Delete(path);
        ProcessResult r = ProcessRunner.Run(UpstreamSystemd262.Repart,
            ["--empty=create", "--size=auto", "--offline=yes", "--dry-run=no", "--seed=" + Seed, "--definitions=" + Definitions(fileSystem),
             "--copy-source=" + tree, "--private-key=" + key.KeyPath, "--certificate=" + key.CertificatePath, "--json=short", path],
            timeout: TimeSpan.FromMinutes(2));
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"systemd-repart failed ({r.ExitCode}): {r.StandardError}");
        }

        using JsonDocument doc = JsonDocument.Parse(r.StandardOutput);
        (long Offset, long Size, string RootHash) Partition(string type)
        {
            JsonElement p = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("type").GetString() == type);
            return (p.GetProperty("offset").GetInt64(), p.GetProperty("raw_size").GetInt64(), p.GetProperty("roothash").GetString()!);
        }

        var data = Partition("root-x86-64");
        var hash = Partition("root-x86-64-verity");
        var signature = Partition("root-x86-64-verity-sig");
        return new VerityDiskLayout(path, data.RootHash, data.Offset, data.Size, hash.Offset, hash.Size, signature.Offset, signature.Size);
    }

    /// <summary>
    /// The verdict of <c>veritysetup verify</c> on the data and verity partitions of <paramref name="disk"/>
    /// (copied out: veritysetup wants a device or file per area).
    /// </summary>
    public static bool VerifyWithVeritySetup(VerityDiskLayout disk, string scratchDirectory)
    {
        string data = Path.Join(scratchDirectory, Path.GetFileName(disk.Path) + ".data");
        string hash = Path.Join(scratchDirectory, Path.GetFileName(disk.Path) + ".hash");
        using (var handle = File.OpenHandle(disk.Path))
        {
            Extract(handle, disk.DataOffset, disk.DataSize, data);
            Extract(handle, disk.HashOffset, disk.HashSize, hash);
        }

        bool ok = VeritySetup.Verify(data, hash, disk.RootHash);
        File.Delete(data);
        File.Delete(hash);
        return ok;
    }

    private static void Extract(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long offset, long size, string target)
    {
        byte[] buffer = new byte[size];
        int n = RandomAccess.Read(handle, buffer, offset);
        File.WriteAllBytes(target, buffer.AsSpan(0, n).ToArray());
    }
}
