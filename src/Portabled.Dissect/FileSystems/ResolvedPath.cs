// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems;

/// <summary>A path resolved inside an image: the node and its canonical image-relative path (starting with <c>/</c>).</summary>
public readonly record struct ResolvedPath(FileSystemNode Node, string CanonicalPath);
