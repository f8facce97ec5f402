// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.SquashFs;

/// <summary>Inode types of squashfs 4.0: basic types 1–7, extended types 8–14 (basic + 7).</summary>
internal enum SquashFsInodeType : ushort
{
    Directory = 1,
    File = 2,
    Symlink = 3,
    BlockDevice = 4,
    CharacterDevice = 5,
    Fifo = 6,
    Socket = 7,
    ExtendedDirectory = 8,
    ExtendedFile = 9,
    ExtendedSymlink = 10,
    ExtendedBlockDevice = 11,
    ExtendedCharacterDevice = 12,
    ExtendedFifo = 13,
    ExtendedSocket = 14,
}
