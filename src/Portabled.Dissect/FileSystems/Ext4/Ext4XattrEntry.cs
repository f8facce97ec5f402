// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Ext4;

/// <summary>
/// One validated ext4_xattr_entry of an xattr area (Ext4FileSystem.Xattrs.cs): where it starts, its
/// name index and name bytes, and where its value lies in the same area (unless it lives in an ea_inode).
/// </summary>
/// <param name="Offset">Offset of the entry in its area.</param>
/// <param name="NameIndex">e_name_index: which prefix the name takes.</param>
/// <param name="NameStart">Offset of e_name in the area.</param>
/// <param name="NameLength">e_name_len.</param>
/// <param name="ValueStart">Offset of the value in the area (meaningless with an ea_inode).</param>
/// <param name="ValueSize">e_value_size.</param>
/// <param name="ValueInode">e_value_inum: the ea_inode holding the value, 0 when it is in the area.</param>
internal readonly record struct Ext4XattrEntry(int Offset, byte NameIndex, int NameStart, int NameLength, int ValueStart, int ValueSize, uint ValueInode);
