// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.SquashFs;

/// <summary>One directory entry as stored: name bytes, inode reference, basic type (1–7), and the position of its metadata block (for messages).</summary>
internal readonly record struct SquashFsRawDirectoryEntry(byte[] Name, ulong InodeReference, ushort Type, long Position);
