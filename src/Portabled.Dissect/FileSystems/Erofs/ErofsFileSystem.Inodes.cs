// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Text;

namespace Portabled.Dissect.FileSystems.Erofs;

/*
 * Stat data comes from the inode (ErofsInode.cs). Device nodes keep their number in i_u, in
 * the kernel's "new" encoding: major = bits 8-19, minor = bits 0-7 and 20-31. Symbolic link
 * targets are the file data (usually inline), at most PATH_MAX bytes.
 */

public sealed partial class ErofsFileSystem
{
    private ErofsNode LoadNode(ulong nid)
    {
        ErofsInode inode = ErofsInode.Read(Region, SuperBlock, nid);
        bool device = inode.Type is FileType.BlockDevice or FileType.CharacterDevice;
        uint rdev = device ? inode.Union : 0;
        return new ErofsNode
        {
            Inode = inode,
            Type = inode.Type,
            Permissions = (uint)inode.Mode & 0xFFF,
            Uid = inode.Uid,
            Gid = inode.Gid,
            Size = inode.Size,
            ModificationTimeSeconds = inode.ModificationTimeSeconds,
            ModificationTimeNanoseconds = inode.ModificationTimeNanoseconds,
            InodeNumber = nid,
            LinkCount = inode.LinkCount,
            DeviceMajor = (rdev & 0xFFF00) >> 8,
            DeviceMinor = (rdev & 0xFF) | ((rdev >> 12) & 0xFFF00),
        };
    }

    private string ReadLinkTarget(ErofsInode inode)
    {
        if (inode.Size > ErofsLimits.MaxSymbolicLinkBytes)
        {
            throw new InvalidImageException(Region.ImagePath, string.Create(CultureInfo.InvariantCulture, $"erofs symlink {inode.Nid}"),
                Region.Offset + inode.Position, string.Create(CultureInfo.InvariantCulture,
                    $"target of {inode.Size} bytes exceeds {ErofsLimits.MaxSymbolicLinkBytes}"));
        }

        Span<byte> target = stackalloc byte[(int)inode.Size];
        using (ErofsDataReader reader = CreateReader(inode))
        {
            reader.ReadExactly(0, target);
        }

        if (target.Contains((byte)0))
        {
            throw new InvalidImageException(Region.ImagePath, string.Create(CultureInfo.InvariantCulture, $"erofs symlink {inode.Nid}"),
                Region.Offset + inode.Position, "target contains a NUL byte");
        }

        return Encoding.UTF8.GetString(target);
    }
}
