// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Erofs;

/// <summary>One validated directory entry as stored: the raw name bytes, the nid, the dirent file type.</summary>
internal readonly record struct ErofsDirent(byte[] Name, ulong Nid, int FileType);
