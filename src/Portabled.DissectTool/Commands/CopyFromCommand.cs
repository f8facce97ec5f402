// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Dissection;
using Portabled.Dissect.FileSystems;

namespace Portabled.DissectTool.Commands;

/// <summary>
/// --copy-from IMAGE PATH [TARGET]: PATH is resolved inside the image (symlinks included, never
/// leaving it). A regular file goes to standard output (TARGET missing or <c>-</c>) or to a new file
/// TARGET (refused if it exists) with its mode and modification time; a directory is copied
/// recursively into TARGET (created, or an existing empty directory). Ownership is not copied (the
/// tool runs unprivileged); device nodes, fifos and sockets are skipped with a warning.
/// </summary>
internal static class CopyFromCommand
{
    public static void Run(ToolContext context, string imagePath, DissectionOptions options, string source, string target)
    {
        using DissectedImage image = DissectedImage.Open(imagePath, options);
        using IReadOnlyFileSystem fs = image.OpenRootFileSystem();
        if (!ImagePathResolver.TryResolve(fs, source, followFinalSymlink: true, out ResolvedPath resolved))
        {
            throw new FileNotFoundException("No such file or directory");
        }

        FileSystemNode node = resolved.Node;
        if (target == "-")
        {
            if (node.Type != FileType.RegularFile)
            {
                throw new IOException($"Source path '{source}' in image '{imagePath}' is not a regular file, cannot copy it to standard output.");
            }

            context.Out.Flush();
            using Stream content = fs.OpenRead(node);
            content.CopyTo(context.StandardOutputStream);
            context.StandardOutputStream.Flush();
            return;
        }

        switch (node.Type)
        {
            case FileType.Directory:
                if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
                {
                    throw new IOException($"Target '{target}' exists already and is not empty.");
                }

                CopyDirectory(context, fs, node, target, 0);
                break;
            case FileType.RegularFile:
                CopyFile(fs, node, target);
                break;
            default:
                throw new IOException($"Source path '{source}' in image '{imagePath}' is neither regular file nor directory, refusing.");
        }
    }

    private static void CopyFile(IReadOnlyFileSystem fs, FileSystemNode node, string target)
    {
        using (var output = new FileStream(target, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (Stream content = fs.OpenRead(node))
        {
            content.CopyTo(output);
        }

        File.SetUnixFileMode(target, (UnixFileMode)(node.Permissions & 0xFFF));
        File.SetLastWriteTimeUtc(target, DateTime.UnixEpoch.AddSeconds(node.ModificationTimeSeconds).AddTicks(node.ModificationTimeNanoseconds / 100));
    }

    private static void CopyDirectory(ToolContext context, IReadOnlyFileSystem fs, FileSystemNode directory, string target, int depth)
    {
        if (depth > TreeWalker.MaxDepth)
        {
            throw new IOException($"Directory tree deeper than {TreeWalker.MaxDepth} levels, refusing.");
        }

        Directory.CreateDirectory(target);
        foreach (DirectoryEntry entry in fs.EnumerateDirectory(directory))
        {
            string path = Path.Join(target, entry.Name);
            switch (entry.Node.Type)
            {
                case FileType.Directory:
                    CopyDirectory(context, fs, entry.Node, path, depth + 1);
                    break;
                case FileType.RegularFile:
                    CopyFile(fs, entry.Node, path);
                    break;
                case FileType.SymbolicLink:
                    File.CreateSymbolicLink(path, fs.ReadSymbolicLink(entry.Node));
                    break;
                default:
                    context.Error.WriteLine($"Skipping special file '{path}', ignoring.");
                    break;
            }
        }

        Directory.SetLastWriteTimeUtc(target, DateTime.UnixEpoch.AddSeconds(directory.ModificationTimeSeconds));
        File.SetUnixFileMode(target, (UnixFileMode)(directory.Permissions & 0xFFF));
    }
}
