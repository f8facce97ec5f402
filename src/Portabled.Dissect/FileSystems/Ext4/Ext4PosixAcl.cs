// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;

namespace Portabled.Dissect.FileSystems.Ext4;

/*
 * ext4 keeps POSIX ACLs (system.posix_acl_access, system.posix_acl_default) in its own compact
 * format; getxattr(2) returns them in the kernel's generic xattr format:
 *   ext4:  a_version u32 = 1, then per entry e_tag u16, e_perm u16 and, only for ACL_USER (2) and
 *          ACL_GROUP (8), e_id u32. Other tags: USER_OBJ 1, GROUP_OBJ 4, MASK 0x10, OTHER 0x20.
 *   xattr: a_version u32 = 2, then per entry e_tag u16, e_perm u16, e_id u32 (0xFFFFFFFF, "undefined",
 *          for the tags without an id).
 * Any other version or tag, or entries that do not use up the value exactly, is corrupt (the
 * kernel refuses such an ACL with EINVAL).
 */

/// <summary>Converts an ext4 on-disk POSIX ACL into the xattr format getxattr(2) returns.</summary>
internal static class Ext4PosixAcl
{
    private const uint DiskVersion = 1;
    private const uint XattrVersion = 2;
    private const int HeaderSize = 4;
    private const int ShortEntrySize = 4;
    private const int EntrySize = 8;
    private const uint UndefinedId = 0xFFFFFFFF;

    private const ushort TagUserObj = 0x01;
    private const ushort TagUser = 0x02;
    private const ushort TagGroupObj = 0x04;
    private const ushort TagGroup = 0x08;
    private const ushort TagMask = 0x10;
    private const ushort TagOther = 0x20;

    /// <summary>The xattr-format ACL for <paramref name="disk"/>; <paramref name="bad"/> makes the exception for a corrupt one.</summary>
    public static byte[] ToXattr(ReadOnlySpan<byte> disk, Func<string, InvalidImageException> bad)
    {
        if (disk.Length < HeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(disk) != DiskVersion)
        {
            throw bad("POSIX ACL does not start with the ext4 ACL version 1 header");
        }

        // Every on-disk entry takes at least 4 bytes, so this bounds the output by twice the input.
        var output = new List<byte>(HeaderSize + (2 * (disk.Length - HeaderSize)));
        Span<byte> entry = stackalloc byte[EntrySize];
        BinaryPrimitives.WriteUInt32LittleEndian(entry, XattrVersion);
        output.AddRange(entry[..HeaderSize]);
        int position = HeaderSize;
        while (position < disk.Length)
        {
            if (disk.Length - position < ShortEntrySize)
            {
                throw bad($"POSIX ACL entry at byte {position} is cut short");
            }

            ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(disk[position..]);
            ushort perm = BinaryPrimitives.ReadUInt16LittleEndian(disk[(position + 2)..]);
            uint id = UndefinedId;
            switch (tag)
            {
                case TagUserObj or TagGroupObj or TagMask or TagOther:
                    position += ShortEntrySize;
                    break;
                case TagUser or TagGroup:
                    if (disk.Length - position < EntrySize)
                    {
                        throw bad($"POSIX ACL entry at byte {position} is cut short");
                    }

                    id = BinaryPrimitives.ReadUInt32LittleEndian(disk[(position + 4)..]);
                    position += EntrySize;
                    break;
                default:
                    throw bad($"POSIX ACL entry at byte {position} has unknown tag 0x{tag:x}");
            }

            BinaryPrimitives.WriteUInt16LittleEndian(entry, tag);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], perm);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], id);
            output.AddRange(entry);
        }

        return [.. output];
    }
}
