// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Dissect.FileSystems.Erofs;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.FileSystems.Erofs;

/// <summary>
/// A directory entry pointed back at an ancestor (<c>/dir/sub/nested</c> → the root) makes a cycle the
/// reader cannot see from one directory; the tree walker must report it, not skip it or loop.
/// </summary>
[Collection(ErofsImageCollection.Name)]
public sealed class ErofsDirectoryCycleTests
{
    private const int DirentSize = 12;
    private const byte FileTypeDirectory = 2;
    private readonly ErofsImageFixture _fixture;

    public ErofsDirectoryCycleTests(ErofsImageFixture fixture)
    {
        _fixture = fixture;
    }

    [RequiresFact("mkfs.erofs", "root")]
    public void ReadEverything_EntryPointingAtAncestor_ReportsCycle()
    {
        var image = new ErofsImageEditor(_fixture.SmallImage("plain"));
        ErofsInode root = image.Inode("/");
        long entry = FindEntry(image, image.Inode("/dir/sub"), "nested");
        image.SetU64(entry, root.Nid);
        image.Bytes[entry + 10] = FileTypeDirectory;
        image.FixChecksum();
        string path = image.Save(_fixture.ScratchPath("cycle-to-root.erofs"));

        DirectoryCycleException e = Assert.Throws<DirectoryCycleException>(() => ErofsTreeReader.ReadEverything(path));
        Assert.Equal("/dir/sub/nested", e.Path);
        Assert.Equal(root.Nid, e.InodeNumber);
    }

    [RequiresFact("mkfs.erofs", "root")]
    public void ReadEverything_UnpatchedImage_FindsNoCycle()
    {
        Assert.True(ErofsTreeReader.ReadEverything(_fixture.SmallImage("plain")) > 40);
    }

    // The dirent of `name` in a directory whose entries fit in its inline tail (one block).
    private static long FindEntry(ErofsImageEditor image, ErofsInode directory, string name)
    {
        long start = image.DataPosition(directory);
        int length = (int)Math.Min(directory.Size, image.BlockSize);
        int count = image.U16(start + 8) / DirentSize;
        for (int i = 0; i < count; i++)
        {
            int nameStart = image.U16(start + (i * DirentSize) + 8);
            int nameEnd = i + 1 < count ? image.U16(start + ((i + 1) * DirentSize) + 8) : length;
            string entryName = Encoding.UTF8.GetString(image.Bytes, (int)start + nameStart, nameEnd - nameStart).TrimEnd('\0');
            if (entryName == name)
            {
                return start + (i * DirentSize);
            }
        }

        throw new InvalidOperationException($"no entry '{name}' in the directory");
    }
}
