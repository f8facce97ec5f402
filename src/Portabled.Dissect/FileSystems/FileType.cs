// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems;

/// <summary>The type of a file system node, as in the S_IFMT bits of a POSIX mode.</summary>
public enum FileType
{
    /// <summary>Regular file (S_IFREG).</summary>
    RegularFile,

    /// <summary>Directory (S_IFDIR).</summary>
    Directory,

    /// <summary>Symbolic link (S_IFLNK).</summary>
    SymbolicLink,

    /// <summary>Block device (S_IFBLK).</summary>
    BlockDevice,

    /// <summary>Character device (S_IFCHR).</summary>
    CharacterDevice,

    /// <summary>Named pipe (S_IFIFO).</summary>
    Fifo,

    /// <summary>Unix socket (S_IFSOCK).</summary>
    Socket,
}
