// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Dissect.Dissection;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.Erofs;
using Portabled.Dissect.FileSystems.Ext4;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems.SquashFs;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.FileSystems;

/// <summary>
/// Extended attributes through <see cref="IReadOnlyFileSystem"/>, for every reader: images built from
/// one tree carrying attributes (set with setfattr) by mksquashfs, mkfs.ext4 -d and mkfs.erofs, each
/// compared attribute by attribute with what getfattr reads from the kernel's loop mount; the
/// directory reader is compared with getfattr on the tree itself.
/// </summary>
[Collection(ExtendedAttributeImageCollection.Name)]
public sealed class ExtendedAttributeTests
{
    private readonly ExtendedAttributeImageFixture _fixture;

    public ExtendedAttributeTests(ExtendedAttributeImageFixture fixture)
    {
        _fixture = fixture;
    }

    public static TheoryData<string> Variants => ExtendedAttributeImageFixture.Variants;

    public static TheoryData<string> VariantsAndDirectory
    {
        get
        {
            TheoryData<string> data = ExtendedAttributeImageFixture.Variants;
            data.Add("directory");
            return data;
        }
    }

    [RequiresTheory("root", "setfattr", "getfattr", "mksquashfs", "mkfs.ext4", "mkfs.erofs", "unshare")]
    [MemberData(nameof(Variants))]
    public void ListExtendedAttributes_EveryVariant_MatchesKernel(string variant)
    {
        string image = _fixture.Image(variant);
        IReadOnlyList<string> expected = KernelOracle.ListExtendedAttributes(image, ExtendedAttributeImageFixture.FileSystemType(variant));

        IReadOnlyList<string> actual;
        using (OpenedTestImage opened = OpenedTestImage.Open(image))
        {
            actual = ExtendedAttributeListing.FromFileSystem(opened.FileSystem);
        }

        // The kernel must have seen the interesting parts, or the comparison proves little.
        Assert.Equal(ExtendedAttributeImageFixture.ManyAttributes, expected.Count(l => l.StartsWith("many\tuser.many-", StringComparison.Ordinal)));
        Assert.Contains(expected, l => l.StartsWith("big\tuser.big\t4242", StringComparison.Ordinal));
        Assert.Contains(expected, l => l.StartsWith("link\ttrusted.link\t", StringComparison.Ordinal));
        Assert.Contains(expected, l => l.StartsWith("fifo\ttrusted.fifo\t", StringComparison.Ordinal));
        Assert.Contains(expected, l => l.StartsWith("labels\tsecurity.selinux\t", StringComparison.Ordinal));
        // mksquashfs has no prefix for POSIX ACLs and drops them; ext4 and erofs keep them.
        Assert.Equal(!variant.StartsWith("squashfs", StringComparison.Ordinal), expected.Any(l => l.StartsWith("acl\tsystem.posix_acl_access\t", StringComparison.Ordinal)));
        Assert.Equal(expected, actual);
    }

    [RequiresFact("setfattr", "getfattr")]
    public void ListExtendedAttributes_HostDirectory_MatchesGetfattr()
    {
        IReadOnlyList<string> expected = ExtendedAttributeListing.FromHostTree(_fixture.Tree);
        using var fs = new HostDirectoryFileSystem(_fixture.Tree);

        IReadOnlyList<string> actual = ExtendedAttributeListing.FromFileSystem(fs);

        Assert.Contains(expected, l => l.StartsWith("acl\tsystem.posix_acl_access\t02000000", StringComparison.Ordinal));
        Assert.Equal(expected, actual);
    }

    [RequiresTheory("setfattr", "mksquashfs", "mkfs.ext4", "mkfs.erofs")]
    [MemberData(nameof(VariantsAndDirectory))]
    public void TryGetExtendedAttribute_EveryVariant_FindsValuesAndMissesAbsentOnes(string variant)
    {
        using OpenedTestImage tree = Open(variant);
        IReadOnlyFileSystem fs = tree.FileSystem;

        Assert.True(fs.TryGetExtendedAttribute(Node(fs, "/user"), "user.a", out byte[]? a));
        Assert.Equal("1"u8.ToArray(), a);
        Assert.True(fs.TryGetExtendedAttribute(Node(fs, "/user"), "user.empty", out byte[]? empty));
        Assert.Empty(empty);
        Assert.True(fs.TryGetExtendedAttribute(Node(fs, "/user"), "user.utf8", out byte[]? utf8));
        Assert.Equal("ü-name", Encoding.UTF8.GetString(utf8));
        Assert.True(fs.TryGetExtendedAttribute(Node(fs, "/usr/lib/extension-release.d/extension-release.other"), "user.extension-release.strict", out byte[]? strict));
        Assert.Equal("false"u8.ToArray(), strict);
        Assert.True(fs.TryGetExtendedAttribute(Node(fs, "/big"), "user.big", out byte[]? big));
        Assert.Equal(ExtendedAttributeImageFixture.BigValueSize, big.Length);
        Assert.True(fs.TryGetExtendedAttribute(fs.Root, "user.root", out byte[]? root));
        Assert.Equal("top"u8.ToArray(), root);
        Assert.True(fs.TryGetExtendedAttribute(Node(fs, "/long-name"), "user." + new string('n', 250), out _));
        Assert.False(fs.TryGetExtendedAttribute(Node(fs, "/user"), "user.absent", out byte[]? absent));
        Assert.Null(absent);
        Assert.False(fs.TryGetExtendedAttribute(Node(fs, "/user"), "user.a" + new string('x', 300), out _));
        Assert.Empty(fs.ListExtendedAttributes(Node(fs, "/plain")));
        Assert.Equal(ExtendedAttributeImageFixture.ManyAttributes, fs.ListExtendedAttributes(Node(fs, "/many")).Count);
    }

    [RequiresFact("setfattr", "mksquashfs")]
    public void ListExtendedAttributes_SquashFsSharedLargeValue_IsStoredOutOfLine()
    {
        // Uncompressed xattr table: find an entry of type user|out-of-line (0x0100) named "big".
        byte[] bytes = File.ReadAllBytes(_fixture.Image("squashfs-uncompressed"));
        byte[] entry = [0x00, 0x01, 0x03, 0x00, (byte)'b', (byte)'i', (byte)'g', 0x08, 0x00, 0x00, 0x00];
        Assert.True(bytes.AsSpan().IndexOf(entry) >= 0, "mksquashfs stored no out-of-line value; the test tree no longer exercises it");

        using OpenedTestImage tree = Open("squashfs-uncompressed");
        Assert.True(tree.FileSystem.TryGetExtendedAttribute(Node(tree.FileSystem, "/big2"), "user.big", out byte[]? value));
        Assert.Equal(BigValue(), value);
    }

    [RequiresTheory("setfattr", "mkfs.ext4")]
    [InlineData("ext4", "/big")]
    [InlineData("ext4-128-byte-inodes", "/user")]
    public void ListExtendedAttributes_Ext4_ReadsTheXattrBlock(string variant, string path)
    {
        using OpenedTestImage tree = Open(variant);
        var node = (Ext4Node)Node(tree.FileSystem, path);

        Assert.NotEqual(0UL, node.Inode.FileAcl);
        Assert.NotEmpty(tree.FileSystem.ListExtendedAttributes(node));
    }

    [RequiresFact("setfattr", "mkfs.ext4")]
    public void ListExtendedAttributes_Ext4PosixAcl_ComesBackInTheXattrFormat()
    {
        using OpenedTestImage tree = Open("ext4");

        Assert.True(tree.FileSystem.TryGetExtendedAttribute(Node(tree.FileSystem, "/acl"), "system.posix_acl_access", out byte[]? acl));

        Assert.Equal("02000000" + "01000600ffffffff" + "02000600e8030000" + "04000400ffffffff" + "10000600ffffffff" + "20000400ffffffff",
            Convert.ToHexStringLower(acl));
        Assert.True(tree.FileSystem.TryGetExtendedAttribute(Node(tree.FileSystem, "/acldir"), "system.posix_acl_default", out _));
    }

    [RequiresFact("setfattr", "mkfs.erofs")]
    public void ListExtendedAttributes_ErofsShared_ReadsTheSharedArea()
    {
        using OpenedTestImage tree = Open("erofs-shared");
        var fs = (ErofsFileSystem)tree.FileSystem;

        Assert.NotEqual(0u, fs.SuperBlock.XattrBlockAddress);
        Assert.True(fs.TryGetExtendedAttribute(Node(fs, "/big"), "user.big", out byte[]? big));
        Assert.True(fs.TryGetExtendedAttribute(Node(fs, "/big2"), "user.big", out byte[]? big2));
        Assert.Equal(BigValue(), big);
        Assert.Equal(BigValue(), big2);
    }

    [RequiresFact("setfattr", "mksquashfs")]
    public void ListExtendedAttributes_MountedFileSystem_PassesThroughAndHasNoneOnItsOwnRoot()
    {
        using ImageFile file = ImageFile.Open(_fixture.Image("squashfs"));
        using var withRoot = new MountedFileSystem(new SquashFsFormat().Open(file.Whole), usr: null);
        using var usrOnly = new MountedFileSystem(root: null, new SquashFsFormat().Open(file.Whole));

        Assert.True(withRoot.TryGetExtendedAttribute(withRoot.Root, "user.root", out _));
        Assert.Equal(ExtendedAttributeImageFixture.ManyAttributes, withRoot.ListExtendedAttributes(Node(withRoot, "/many")).Count);
        Assert.Empty(usrOnly.ListExtendedAttributes(usrOnly.Root));
        Assert.False(usrOnly.TryGetExtendedAttribute(usrOnly.Root, "user.root", out _));
        Assert.True(usrOnly.TryGetExtendedAttribute(Node(usrOnly, "/usr"), "user.root", out _));
    }

    private static byte[] BigValue() => Enumerable.Repeat((byte)'B', ExtendedAttributeImageFixture.BigValueSize).ToArray();

    private static FileSystemNode Node(IReadOnlyFileSystem fs, string path)
    {
        Assert.True(ImagePathResolver.TryResolve(fs, path, followFinalSymlink: false, out ResolvedPath resolved), path);
        return resolved.Node;
    }

    private OpenedTestImage Open(string variant) =>
        variant == "directory" ? new OpenedTestImage(new HostDirectoryFileSystem(_fixture.Tree)) : OpenedTestImage.Open(_fixture.Image(variant));
}
