// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Host;

/// <summary>One kind of host change an intent record announces (docs/reliability.md, "The intent record").</summary>
internal enum IntentAction
{
    /// <summary>A directory created before the commit point (removed again when undone).</summary>
    Mkdir,

    /// <summary>A file or symlink staged under its temporary name, renamed into place after the commit point.</summary>
    StageFile,

    /// <summary>A directory tree (a <c>mixed</c> image copy) staged under its temporary name, renamed into place after the commit point.</summary>
    StageTree,

    /// <summary>A file or symlink unlinked after the commit point; a directory there is left alone.</summary>
    Remove,

    /// <summary>A file, symlink or whole directory tree removed after the commit point.</summary>
    RemoveTree,

    /// <summary>An entry removed after the commit point: rmdir for a directory (our temporaries in it first), unlink otherwise.</summary>
    RemoveEntry,

    /// <summary>A directory removed after the commit point when it is empty; failure is no error.</summary>
    RemoveIfEmpty,
}
