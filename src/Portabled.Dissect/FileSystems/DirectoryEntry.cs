// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems;

/// <summary>One entry of a directory listing: a name (never <c>.</c>, <c>..</c>, empty or containing <c>/</c>) and its node.</summary>
public readonly record struct DirectoryEntry(string Name, FileSystemNode Node);
