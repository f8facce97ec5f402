// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;

namespace Portabled.Testing.Verity;

/// <summary>Where the pieces of a <see cref="VerityDiskImage"/> lie, for tests that corrupt them.</summary>
public sealed record VerityDiskLayout(string Path, string RootHash, long DataOffset, long DataSize, long HashOffset, long HashSize, long SignatureOffset, long SignatureSize);

/// <summary>
/// A GPT Discoverable Disk Image as systemd-repart lays one out, made with sfdisk: the data partition
/// (root or usr, x86-64), its verity partition, optionally the signature partition; the data and verity
/// partition UUIDs are the first and last 128 bits of the root hash.
/// </summary>
public static class VerityDiskImage
{
    private const long Sector = 512;
    private const long Align = 2048;

    /// <summary>DPS partition type GUIDs (x86-64).</summary>
    public const string Root = "4f68bce3-e8cd-4db1-96e7-fbcaf984b709", RootVerity = "2c7357ed-ebd2-46d9-aec1-23d437ec2bf5", RootVeritySig = "41092b05-9fc8-4523-994f-2def0408b176";

    /// <summary>DPS partition type GUIDs for /usr (x86-64).</summary>
    public const string Usr = "8484680c-9521-48c6-9c11-b0720656f69e", UsrVerity = "77ff5f63-e7b6-4633-acf4-1565b864c0e6", UsrVeritySig = "e7bb33fb-06cf-4e81-8273-e543b413e2e2";

    /// <summary>
    /// Writes <paramref name="path"/> from the file system image <paramref name="data"/> and its tree
    /// <paramref name="hash"/>; <paramref name="signatureJson"/> (null: no signature partition) fills the
    /// signature partition. <paramref name="uuids"/> overrides the derived partition UUIDs.
    /// </summary>
    public static VerityDiskLayout Build(string path, string data, string hash, string rootHash, string? signatureJson = null,
        bool usr = false, (Guid Data, Guid Verity)? uuids = null)
    {
        long dataSectors = Sectors(new FileInfo(data).Length), hashSectors = Sectors(new FileInfo(hash).Length);
        long sigSectors = signatureJson is null ? 0 : Math.Max(8, Sectors(signatureJson.Length));
        long dataStart = Align, hashStart = Up(dataStart + dataSectors), sigStart = Up(hashStart + hashSectors);
        long end = Up(sigStart + sigSectors) + Align;
        (Guid dataUuid, Guid verityUuid) = uuids ?? (Guid.ParseExact(rootHash[..32], "N"), Guid.ParseExact(rootHash[^32..], "N"));
        string script = string.Create(CultureInfo.InvariantCulture, $"""
            label: gpt
            start={dataStart}, size={dataSectors}, type={(usr ? Usr : Root)}, uuid={dataUuid}, name="{(usr ? "usr" : "root")}"
            start={hashStart}, size={hashSectors}, type={(usr ? UsrVerity : RootVerity)}, uuid={verityUuid}, name="{(usr ? "usr" : "root")}-verity"

            """);
        if (signatureJson is not null)
        {
            script += string.Create(CultureInfo.InvariantCulture, $"start={sigStart}, size={sigSectors}, type={(usr ? UsrVeritySig : RootVeritySig)}, name=\"{(usr ? "usr" : "root")}-verity-sig\"\n");
        }

        using (var f = File.Create(path))
        {
            f.SetLength(end * Sector);
        }

        ProcessResult r = ProcessRunner.Run("sfdisk", ["-q", "--no-reread", "--no-tell-kernel", path], standardInput: script);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException("sfdisk failed: " + r.StandardError);
        }

        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.Write(handle, File.ReadAllBytes(data), dataStart * Sector);
            RandomAccess.Write(handle, File.ReadAllBytes(hash), hashStart * Sector);
            if (signatureJson is not null)
            {
                RandomAccess.Write(handle, System.Text.Encoding.UTF8.GetBytes(signatureJson), sigStart * Sector);
            }
        }

        return new VerityDiskLayout(path, rootHash, dataStart * Sector, dataSectors * Sector, hashStart * Sector, hashSectors * Sector,
            sigStart * Sector, sigSectors * Sector);
    }

    /// <summary>Flips bit <paramref name="bit"/> of the byte at <paramref name="offset"/> of <paramref name="path"/>.</summary>
    public static void FlipBit(string path, long offset, int bit = 0)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        byte[] b = new byte[1];
        RandomAccess.Read(handle, b, offset);
        b[0] ^= (byte)(1 << bit);
        RandomAccess.Write(handle, b, offset);
    }

    private static long Sectors(long bytes) => (bytes + Sector - 1) / Sector;

    private static long Up(long sector) => (sector + Align - 1) / Align * Align;
}
