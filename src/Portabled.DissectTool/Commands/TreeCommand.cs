// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Security.Cryptography;
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
    public static void Run(ToolContext context, string imagePath, DissectionOptions options, bool mtree)
    {
        using DissectedImage image = DissectedImage.Open(imagePath, options);
        using IReadOnlyFileSystem fs = image.OpenRootFileSystem();
        TextWriter output = context.Out;
        if (mtree)
        {
            output.Write(MtreeLine(fs, ".", fs.Root));
        }

        foreach ((string path, FileSystemNode node) in TreeWalker.Walk(fs))
        {
            if (mtree)
            {
                output.Write(MtreeLine(fs, "./" + path, node));
            }
            else
            {
                output.Write(path);
                output.Write(node.Type == FileType.Directory ? "/\n" : "\n");
            }
        }
    }

    internal static string MtreeLine(IReadOnlyFileSystem fs, string path, FileSystemNode node)
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
            if (node.Size > 0)
            {
                using Stream content = fs.OpenRead(node);
                sb.Append(" sha256sum=").Append(Convert.ToHexStringLower(SHA256.HashData(content)));
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
}
