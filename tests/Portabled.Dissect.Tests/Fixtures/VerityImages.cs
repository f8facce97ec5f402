// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Collections.Concurrent;
using Portabled.Testing;
using Portabled.Testing.Verity;

namespace Portabled.Dissect.Tests.Fixtures;

/// <summary>A file system image with its hash tree from <c>veritysetup format</c>.</summary>
internal sealed record VerityFileSystem(string Type, string FileSystem, string Hash, string RootHash);

/// <summary>
/// Verity protected images for the dissection tests, built at run time with the real tools: the
/// <see cref="GptRootImages.Tree"/> as squashfs, ext4 or erofs, its tree from veritysetup, laid out
/// by <see cref="VerityDiskImage"/> (sfdisk) and signed by <see cref="TestSigningKey"/> (openssl).
/// File systems are built once; every disk image is a fresh file a test may corrupt.
/// </summary>
internal static class VerityImages
{
    private static readonly ConcurrentDictionary<string, Lazy<VerityFileSystem>> s_fileSystems = new(StringComparer.Ordinal);
    private static readonly Lazy<string> s_trustedRoot = new(() =>
    {
        string root = TestImages.NewPath("trusted-root");
        TestSigningKey.Trusted.Trust(root + "/etc/verity.d");
        return root;
    });

    /// <summary>A root prefix whose /etc/verity.d trusts <see cref="TestSigningKey.Trusted"/>.</summary>
    public static string TrustedRoot => s_trustedRoot.Value;

    /// <summary>The file system of <paramref name="type"/> (of the whole tree, or of its <c>usr</c> for <paramref name="usr"/>) and its tree.</summary>
    public static VerityFileSystem FileSystem(string type, bool usr = false) =>
        s_fileSystems.GetOrAdd(type + (usr ? "-usr" : string.Empty), _ => new Lazy<VerityFileSystem>(() => Build(type, usr))).Value;

    /// <summary>A GPT image (root or usr, its verity partition, and with <paramref name="signed"/> a signature partition).</summary>
    public static VerityDiskLayout Disk(string type, bool signed = true, bool usr = false, string? signatureJson = null, (Guid, Guid)? uuids = null, string? hash = null)
    {
        VerityFileSystem fs = FileSystem(type, usr);
        string json = signatureJson ?? (signed ? TestSigningKey.Trusted.SignatureJson(fs.RootHash) : string.Empty);
        return VerityDiskImage.Build(TestImages.NewPath($"verity-{type}.raw"), fs.FileSystem, hash ?? fs.Hash, fs.RootHash,
            signed || signatureJson is not null ? json : null, usr, uuids);
    }

    private static VerityFileSystem Build(string type, bool usr)
    {
        string tree = usr ? Path.Join(GptRootImages.Tree, "usr") : GptRootImages.Tree;
        string fs = TestImages.NewPath("verity-fs." + type);
        switch (type)
        {
            case "squashfs":
                ProcessRunner.RunChecked("mksquashfs", tree, fs, "-noappend", "-quiet", "-no-progress");
                break;
            case "ext4":
                ProcessRunner.RunChecked("mke2fs", "-q", "-F", "-t", "ext4", "-d", tree, fs, "16M");
                break;
            case "erofs":
                ProcessRunner.RunChecked("mkfs.erofs", "--quiet", fs, tree);
                break;
            default:
                throw new ArgumentException($"unknown file system type '{type}'", nameof(type));
        }

        // veritysetup wants whole data blocks: pad the image to 4 KiB.
        using (var f = new FileStream(fs, FileMode.Open))
        {
            f.SetLength((f.Length + 4095) / 4096 * 4096);
        }

        string hash = fs + ".hash";
        return new VerityFileSystem(type, fs, hash, VeritySetup.Format(fs, hash));
    }
}
