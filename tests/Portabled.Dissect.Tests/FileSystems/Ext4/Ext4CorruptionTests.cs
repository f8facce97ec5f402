// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;
using static Portabled.Dissect.Tests.FileSystems.Ext4.Ext4TestImages;

namespace Portabled.Dissect.Tests.FileSystems.Ext4;

/// <summary>
/// Hostile ext4 images as named cases: each patches one structure of a small mke2fs image and
/// expects a typed exception whose message names the problem. Structural cases use the image
/// without metadata_csum (so the structure check, not a checksum, fires); checksum cases use the
/// image with it.
/// </summary>
[Collection(Ext4ImageCollection.Name)]
public sealed class Ext4CorruptionTests
{
    private const string Plain = "small-nocsum";
    private const string Checksummed = "small-csum";
    private readonly Ext4ImageFixture _fixture;

    /// <summary>Gets the shared images.</summary>
    public Ext4CorruptionTests(Ext4ImageFixture fixture)
    {
        _fixture = fixture;
    }

    [RequiresFact("mke2fs")]
    public void Open_TruncatedInsideSuperBlock_ThrowsInvalid()
    {
        string image = _fixture.CopyOf(Plain, nameof(Open_TruncatedInsideSuperBlock_ThrowsInvalid));
        Truncate(image, 1500);
        ExpectInvalid(image, "do not fit");
    }

    [RequiresFact("mke2fs")]
    public void Open_TruncatedToHalf_ThrowsInvalidBlockCount()
    {
        string image = _fixture.CopyOf(Plain, nameof(Open_TruncatedToHalf_ThrowsInvalidBlockCount));
        Truncate(image, new FileInfo(image).Length / 2);
        ExpectInvalid(image, "block count");
    }

    [RequiresFact("mke2fs")]
    public void Open_BadMagic_ThrowsInvalid()
    {
        string image = _fixture.CopyOf(Plain, nameof(Open_BadMagic_ThrowsInvalid));
        PatchUInt16(image, 1024 + 0x38, 0xEF54);
        ExpectInvalid(image, "bad magic");
    }

    [RequiresTheory("mke2fs")]
    [InlineData(0x01000000u, "unknown (0x1000000)")]
    [InlineData(0x10000u, "encrypt (0x10000)")]
    [InlineData(0x20000u, "casefold (0x20000)")]
    [InlineData(0x1000u, "dirdata (0x1000)")]
    public void Open_UnsupportedIncompatFeature_ThrowsUnsupportedNamingIt(uint feature, string name)
    {
        string image = _fixture.CopyOf(Checksummed, "incompat-" + feature);
        PatchUInt32(image, 1024 + 0x60, ReadUInt32(image, 1024 + 0x60) | feature);
        FixSuperBlockChecksum(image);
        var e = Assert.Throws<UnsupportedImageException>(() => Walk(image));
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [RequiresFact("mke2fs")]
    public void Open_BlocksCountBeyondImage_ThrowsInvalid()
    {
        string image = _fixture.CopyOf(Plain, nameof(Open_BlocksCountBeyondImage_ThrowsInvalid));
        PatchUInt32(image, 1024 + 0x04, ReadUInt32(image, 1024 + 0x04) * 4);
        ExpectInvalid(image, "does not fit");
    }

    [RequiresFact("mke2fs")]
    public void Open_InodeTableBeyondImage_ThrowsInvalid()
    {
        string image = _fixture.CopyOf(Plain, nameof(Open_InodeTableBeyondImage_ThrowsInvalid));
        // 4 KiB blocks: the descriptor table is block 1; bg_inode_table_lo at +0x08.
        PatchUInt32(image, 4096 + 0x08, 0x00FFFFFF);
        ExpectInvalid(image, "inode table of group 0");
    }

    [RequiresTheory("mke2fs")]
    [InlineData(0, (ushort)0x0000, "bad magic")]
    [InlineData(6, (ushort)6, "depth 6")]
    [InlineData(2, (ushort)5, "claims 5 entries")]
    [InlineData(4, (ushort)9, "at most 9")]
    public void Walk_CorruptExtentRoot_ThrowsInvalid(int headerField, ushort value, string problem)
    {
        string image = _fixture.CopyOf(Plain, $"extent-{headerField}-{value}");
        (long inode, _) = LocateInode(image, "extents.bin");
        PatchUInt16(image, inode + 0x28 + headerField, value);
        ExpectInvalid(image, problem);
    }

    [RequiresFact("mke2fs")]
    public void Walk_ExtentBeyondFileSystem_ThrowsInvalid()
    {
        string image = _fixture.CopyOf(Plain, nameof(Walk_ExtentBeyondFileSystem_ThrowsInvalid));
        (long inode, _) = LocateInode(image, "extents.bin");
        // First leaf entry's ee_start_lo (i_block + 12 header + 8).
        PatchUInt32(image, inode + 0x28 + 12 + 8, 0x7FFFFFF0);
        ExpectInvalid(image, "outside the file system");
    }

    [RequiresFact("mke2fs")]
    public void Walk_IndirectBlockBeyondFileSystem_ThrowsInvalid()
    {
        string image = _fixture.CopyOf("small-ext2-1k", nameof(Walk_IndirectBlockBeyondFileSystem_ThrowsInvalid));
        (long inode, _) = LocateInode(image, "double-indirect.bin");
        PatchUInt32(image, inode + 0x28 + (13 * 4), 0x7FFFFFF0);
        ExpectInvalid(image, "indirect block 2147483632 lies outside");
    }

    [RequiresTheory("mke2fs")]
    [InlineData((ushort)0, "rec_len 0")]
    [InlineData((ushort)0xFFFC, "runs past the block")]
    [InlineData((ushort)6, "rec_len 6")]
    public void Walk_DirectoryRecLen_ThrowsInvalid(ushort recLen, string problem)
    {
        string image = _fixture.CopyOf(Plain, "reclen-" + recLen);
        long block = LocateRootDirectoryBlock(image);
        PatchUInt16(image, block + 4, recLen);
        ExpectInvalid(image, problem);
    }

    [RequiresFact("mke2fs")]
    public void Walk_DirectoryEntryInodeOutOfRange_ThrowsInvalid()
    {
        string image = _fixture.CopyOf(Plain, nameof(Walk_DirectoryEntryInodeOutOfRange_ThrowsInvalid));
        long block = LocateRootDirectoryBlock(image);
        // Second entry (after "." with rec_len 12) is "..": point the third, lost+found, elsewhere.
        PatchUInt32(image, block + 24, 0x00FFFFFF);
        ExpectInvalid(image, "inode number 16777215");
    }

    [RequiresFact("mke2fs")]
    public void Walk_DirectoryEntryNameWithSlash_ThrowsInvalid()
    {
        string image = _fixture.CopyOf(Plain, nameof(Walk_DirectoryEntryNameWithSlash_ThrowsInvalid));
        long block = LocateRootDirectoryBlock(image);
        // Third entry is lost+found: its name starts at +24+8.
        Patch(image, block + 24 + 8 + 4, "/"u8);
        ExpectInvalid(image, "contains '/'");
    }

    [RequiresFact("mke2fs")]
    public void ReadSymbolicLink_LengthAbovePathMax_ThrowsInvalid()
    {
        string image = _fixture.CopyOf(Plain, nameof(ReadSymbolicLink_LengthAbovePathMax_ThrowsInvalid));
        (long inode, _) = LocateInode(image, "slow-link");
        PatchUInt32(image, inode + 0x04, 5000);
        ExpectInvalid(image, "invalid length 5000");
    }

    [RequiresFact("mke2fs")]
    public void Walk_InodeBogusMode_ThrowsInvalid()
    {
        string image = _fixture.CopyOf(Plain, nameof(Walk_InodeBogusMode_ThrowsInvalid));
        (long inode, _) = LocateInode(image, "file.txt");
        PatchUInt16(image, inode, 0xF1A4);
        ExpectInvalid(image, "bogus i_mode");
    }

    [RequiresFact("mke2fs")]
    public void Open_BadSuperBlockChecksum_ThrowsInvalid()
    {
        string image = _fixture.CopyOf(Checksummed, nameof(Open_BadSuperBlockChecksum_ThrowsInvalid));
        Patch(image, 1024 + 0x78, "X"u8);
        ExpectInvalid(image, "superblock checksum");
    }

    [RequiresFact("mke2fs")]
    public void Open_BadGroupDescriptorChecksum_ThrowsInvalid()
    {
        string image = _fixture.CopyOf(Checksummed, nameof(Open_BadGroupDescriptorChecksum_ThrowsInvalid));
        PatchUInt16(image, 4096 + 0x0C, 0x1234);
        ExpectInvalid(image, "of group 0 does not match");
    }

    [RequiresFact("mke2fs")]
    public void Walk_BadInodeChecksum_ThrowsInvalid()
    {
        string image = _fixture.CopyOf(Checksummed, nameof(Walk_BadInodeChecksum_ThrowsInvalid));
        (long inode, _) = LocateInode(image, "file.txt");
        PatchUInt32(image, inode + 0x08, 0x12345678);
        ExpectInvalid(image, "inode checksum");
    }

    private static void ExpectInvalid(string image, string problem)
    {
        var e = Assert.Throws<InvalidImageException>(() => Walk(image));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(image, e.Message, StringComparison.Ordinal);
    }
}
