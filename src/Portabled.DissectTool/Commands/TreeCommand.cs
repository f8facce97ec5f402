// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using Portabled.Dissect.Dissection;
using Portabled.Dissect.FileSystems;
using Portabled.DissectTool.Output;

namespace Portabled.DissectTool.Commands;

/// <summary>
/// --list and --mtree, with systemd-dissect's (v253+) line formats: --list prints every path
/// relative to the image root, directories with a trailing <c>/</c>; --mtree prints <c>./path</c>
/// (escaped) and <c>type= mode= uid= gid=</c>, plus <c>size= sha256sum=</c> for files (no hash when
/// empty), <c>link=</c> for symlinks (which get no mode) and <c>device=linux,MAJOR,MINOR</c> for
/// devices, starting with the root as <c>./</c>.
/// </summary>
internal static class TreeCommand
{
    /// <summary>
    /// Entries --mtree walks ahead of the line it writes, so that workers have files to hash; each
    /// holds a path, a node and at most a pending hash, never file contents.
    /// </summary>
    public const int MaxEntriesAhead = 64;

    public static void Run(ToolContext context, string imagePath, DissectionOptions options, bool mtree)
    {
        using DissectedImage image = DissectedImage.Open(imagePath, options);
        using IReadOnlyFileSystem fs = image.OpenRootFileSystem();
        TextWriter output = context.Out;
        if (mtree)
        {
            WriteMtree(output, fs, FileHashPipeline.WorkersFor(fs));
            return;
        }

        foreach ((string path, FileSystemNode node) in TreeWalker.Walk(fs))
        {
            output.Write(path);
            output.Write(node.Type == FileType.Directory ? "/\n" : "\n");
        }
    }

    /// <summary>
    /// Writes the manifest of <paramref name="fs"/>, hashing files on <paramref name="workers"/>
    /// threads (0: on this one). The output, and the error that stops it, are the same either way:
    /// lines are written in walk order, a file's line waits for its hash, and a failure is thrown
    /// when its line's turn comes, after every line before it (a failing walk after the lines of
    /// the entries it had yielded).
    /// </summary>
    internal static void WriteMtree(TextWriter output, IReadOnlyFileSystem fs, int workers)
    {
        output.Write(MtreeLine(fs, ".", fs.Root, sha256: null));
        if (workers == 0)
        {
            foreach ((string path, FileSystemNode node) in TreeWalker.Walk(fs))
            {
                output.Write(MtreeLine(fs, "./" + path, node, HasContents(node) ? FileHasher.Sha256(fs, node, CancellationToken.None) : null));
            }

            return;
        }

        // Disposed (workers cancelled and joined) before the caller disposes the file system.
        using var pipeline = new FileHashPipeline(fs, workers);
        var ahead = new Queue<(string Path, FileSystemNode Node, FileHashJob? Job)>();
        ExceptionDispatchInfo? walkError = null;
        using (IEnumerator<(string Path, FileSystemNode Node)> walk = TreeWalker.Walk(fs).GetEnumerator())
        {
            while (true)
            {
                try
                {
                    if (!walk.MoveNext())
                    {
                        break;
                    }
                }
                catch (Exception e)
                {
                    // The serial path would fail here too, but only after the lines still queued.
                    walkError = ExceptionDispatchInfo.Capture(e);
                    break;
                }

                (string path, FileSystemNode node) = walk.Current;
                ahead.Enqueue((path, node, HasContents(node) ? pipeline.Start(node) : null));
                if (ahead.Count >= MaxEntriesAhead)
                {
                    WriteNext(output, fs, pipeline, ahead);
                }
            }
        }

        while (ahead.Count > 0)
        {
            WriteNext(output, fs, pipeline, ahead);
        }

        walkError?.Throw();
    }

    internal static string MtreeLine(IReadOnlyFileSystem fs, string path, FileSystemNode node, string? sha256)
    {
        var sb = new StringBuilder(path == "." ? "." : MtreeEscaper.Escape(path));
        if (node.Type == FileType.Directory)
        {
            sb.Append('/');
        }

        sb.Append(" type=").Append(node.Type switch
        {
            FileType.Directory => "dir",
            FileType.RegularFile => "file",
            FileType.SymbolicLink => "link",
            FileType.Fifo => "fifo",
            FileType.BlockDevice => "block",
            FileType.CharacterDevice => "char",
            _ => "socket",
        });
        if (node.Type != FileType.SymbolicLink)
        {
            sb.Append(CultureInfo.InvariantCulture, $" mode={Convert.ToString(node.Permissions & 0x1FF, 8).PadLeft(4, '0')}");
        }

        sb.Append(CultureInfo.InvariantCulture, $" uid={node.Uid} gid={node.Gid}");
        if (node.Type == FileType.RegularFile)
        {
            sb.Append(CultureInfo.InvariantCulture, $" size={node.Size}");
            if (sha256 is not null)
            {
                sb.Append(" sha256sum=").Append(sha256);
            }
        }
        else if (node.Type == FileType.SymbolicLink)
        {
            sb.Append(" link=").Append(MtreeEscaper.Escape(fs.ReadSymbolicLink(node)));
        }
        else if (node.Type is FileType.BlockDevice or FileType.CharacterDevice)
        {
            sb.Append(CultureInfo.InvariantCulture, $" device=linux,{node.DeviceMajor},{node.DeviceMinor}");
        }

        return sb.Append('\n').ToString();
    }

    // Files get a hash unless empty (systemd-dissect prints none for them).
    private static bool HasContents(FileSystemNode node) => node.Type == FileType.RegularFile && node.Size > 0;

    private static void WriteNext(TextWriter output, IReadOnlyFileSystem fs, FileHashPipeline pipeline, Queue<(string Path, FileSystemNode Node, FileHashJob? Job)> ahead)
    {
        (string path, FileSystemNode node, FileHashJob? job) = ahead.Dequeue();
        output.Write(MtreeLine(fs, "./" + path, node, job is null ? null : pipeline.Wait(job)));
    }
}
