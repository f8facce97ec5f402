// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems;

/// <summary>
/// Resolving a path inside an image met more symbolic links than <see cref="ImagePathResolver.MaxSymlinkHops"/>
/// (a loop, or a hostile chain): ELOOP, "Too many levels of symbolic links".
/// </summary>
public sealed class SymbolicLinkLoopException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public SymbolicLinkLoopException(string path)
        : base($"Too many levels of symbolic links while resolving '{path}'.")
    {
        Path = path;
    }

    /// <summary>The image-relative path being resolved.</summary>
    public string Path { get; }
}
