// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Collections.Concurrent;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.FileSystems;

/// <summary>
/// One source tree whose files carry extended attributes set with setfattr(1) — user.*, trusted.*,
/// security.selinux, POSIX ACLs, a 3000-byte value (ext4 must put it in the i_file_acl block, squashfs
/// stores the value shared by two files out of line, erofs -x1 shares it), a hundred attributes on
/// one file, a 255-byte name, attributes on a directory, a symlink and a fifo — and the images built
/// from it at test time with mksquashfs, mkfs.ext4 -d and mkfs.erofs. trusted.* needs root; the tree
/// lives on a file system that takes user.* attributes (tmpfs before Linux 6.6 does not).
/// </summary>
public sealed class ExtendedAttributeImageFixture : IDisposable
{
    /// <summary>Attributes on the file <c>many</c>.</summary>
    public const int ManyAttributes = 100;

    /// <summary>Size of the shared large value.</summary>
    public const int BigValueSize = 3000;

    private static readonly Dictionary<string, string[]> s_variants = new(StringComparer.Ordinal)
    {
        ["squashfs"] = ["mksquashfs", "-xattrs"],
        ["squashfs-uncompressed"] = ["mksquashfs", "-xattrs", "-noI", "-noD", "-noF", "-noX"],
        ["squashfs-xz"] = ["mksquashfs", "-xattrs", "-comp", "xz"],
        ["ext4"] = ["mkfs.ext4"],
        ["ext4-128-byte-inodes"] = ["mkfs.ext4", "-I", "128"],
        ["ext4-nocsum"] = ["mkfs.ext4", "-O", "^metadata_csum"],
        ["erofs"] = ["mkfs.erofs"],
        ["erofs-shared"] = ["mkfs.erofs", "-x1"],
        ["erofs-lz4"] = ["mkfs.erofs", "-x1", "-zlz4"],
    };

    private readonly TempDirectory _temp = new("portabled-xattr", XattrCapableParent());
    private readonly ConcurrentDictionary<string, Lazy<string>> _images = new(StringComparer.Ordinal);
    private readonly Lazy<string> _tree;

    /// <summary>Creates the fixture; nothing is built yet.</summary>
    public ExtendedAttributeImageFixture()
    {
        _tree = new Lazy<string>(() => BuildTree(_temp["tree"]));
    }

    /// <summary>The image variants: <c>format[-options]</c>.</summary>
    public static TheoryData<string> Variants => [.. s_variants.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The source tree.</summary>
    public string Tree => _tree.Value;

    /// <summary>The file system type of <paramref name="variant"/> for mount -t.</summary>
    public static string FileSystemType(string variant) => variant.Split('-')[0];

    /// <summary>The image of the tree built as <paramref name="variant"/>.</summary>
    public string Image(string variant) => _images.GetOrAdd(variant, name => new Lazy<string>(() => Build(name))).Value;

    /// <summary>A copy of <paramref name="variant"/>'s image that a test may modify.</summary>
    public string CopyOf(string variant, string name)
    {
        string copy = _temp[name];
        File.Copy(Image(variant), copy, overwrite: true);
        return copy;
    }

    /// <inheritdoc />
    public void Dispose() => _temp.Dispose();

    private string Build(string variant)
    {
        string[] tool = s_variants[variant];
        string image = _temp[variant + ".img"];
        ProcessResult r = tool[0] switch
        {
            "mksquashfs" => ProcessRunner.Run("mksquashfs", [Tree, image, "-noappend", "-quiet", "-no-progress", .. tool[1..]]),
            "mkfs.ext4" => ProcessRunner.Run("mkfs.ext4", ["-q", "-F", "-b", "4096", .. tool[1..], "-d", Tree, image, "4M"]),
            _ => ProcessRunner.Run("mkfs.erofs", ["--quiet", .. tool[1..], image, Tree]),
        };
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', tool)} failed: {r.StandardError}{r.StandardOutput}");
        }

        return image;
    }

    /// <summary>The system temp dir when it takes user.* attributes, else /var/tmp (tmpfs before Linux 6.6 does not).</summary>
    private static string XattrCapableParent()
    {
        string probe = Path.Join(Path.GetTempPath(), "portabled-xattr-probe." + Environment.ProcessId);
        File.WriteAllText(probe, string.Empty);
        try
        {
            return ProcessRunner.Run("setfattr", ["-n", "user.probe", "-v", "1", probe]).ExitCode == 0 ? Path.GetTempPath() : "/var/tmp";
        }
        finally
        {
            File.Delete(probe);
        }
    }

    private static string BuildTree(string root)
    {
        Directory.CreateDirectory(root);
        // ACL values are in the kernel's xattr format: version 2, then (tag, perm, id) entries:
        // USER_OBJ rw-, USER 1000 rw-, GROUP_OBJ r--, MASK rw-, OTHER r--.
        const string Acl = "0x02000000" + "01000600ffffffff" + "02000600e8030000" + "04000400ffffffff" + "10000600ffffffff" + "20000400ffffffff";
        string trusted = TestEnvironment.IsRoot ? string.Empty : "#";
        ProcessRunner.Shell($$"""
            cd '{{root}}'
            big=$(head -c {{BigValueSize}} /dev/zero | tr '\0' 'B')
            setfattr -n user.root -v top .
            echo plain > plain
            echo user > user
            setfattr -n user.a -v 1 user
            setfattr -n user.empty user
            setfattr -n user.utf8 -v 0xc3bc2d6e616d65 user
            echo labels > labels
            setfattr -n security.selinux -v system_u:object_r:etc_t:s0 labels
            {{trusted}}setfattr -n trusted.t -v x labels
            echo big > big
            setfattr -n user.big -v "$big" big
            setfattr -n user.small -v s big
            echo big2 > big2
            setfattr -n user.big -v "$big" big2
            setfattr -n user.other -v o big2
            echo many > many
            for i in $(seq -w 1 {{ManyAttributes}}); do setfattr -n user.many-$i -v value-$i many; done
            echo long > long-name
            setfattr -n user.$(printf 'n%.0s' $(seq 1 250)) -v v long-name
            mkdir dir
            setfattr -n user.dir -v d dir
            echo inner > dir/inner
            setfattr -n user.inner -v i dir/inner
            echo acl > acl
            setfattr -n system.posix_acl_access -v {{Acl}} acl
            mkdir acldir
            setfattr -n system.posix_acl_default -v {{Acl}} acldir
            ln -s user link
            {{trusted}}setfattr -h -n trusted.link -v L link
            mkfifo fifo
            {{trusted}}setfattr -n trusted.fifo -v F fifo
            mkdir -p usr/lib/extension-release.d
            echo ID=_any > usr/lib/extension-release.d/extension-release.other
            setfattr -n user.extension-release.strict -v false usr/lib/extension-release.d/extension-release.other
            """);
        return root;
    }
}
