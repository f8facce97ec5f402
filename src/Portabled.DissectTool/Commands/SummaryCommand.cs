// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect;
using Portabled.Dissect.Dissection;
using Portabled.Dissect.FileSystems;
using Portabled.DissectTool.Metadata;
using Portabled.DissectTool.Output;

namespace Portabled.DissectTool.Commands;

/// <summary>
/// The default action: dissect the image and print what systemd-dissect (252) prints — name, size,
/// metadata, "Use As" verdicts and the partition table — or the same as JSON.
/// </summary>
internal static class SummaryCommand
{
    public static void Run(ToolContext context, string imagePath, DissectionOptions options, JsonMode json, bool legend)
    {
        using DissectedImage image = DissectedImage.Open(imagePath, options);
        ImageMetadata? metadata = null;
        try
        {
            using IReadOnlyFileSystem fs = image.OpenRootFileSystem();
            metadata = ImageMetadataReader.Read(fs, image.Name, context.Error);
        }
        catch (Exception e) when (e is UnsupportedImageException or InvalidImageException or IOException)
        {
            // systemd-dissect also goes on without metadata when it cannot get at it.
            context.Error.WriteLine($"Failed to acquire image metadata, ignoring: {e.Message.ReplaceLineEndings(" ")}");
        }

        Summary summary = Summary.From(image, metadata);
        if (json == JsonMode.Off)
        {
            SummaryTextWriter.Write(context.Out, summary, legend);
        }
        else
        {
            SummaryJsonWriter.Write(context.Out, summary, pretty: json == JsonMode.Pretty);
        }
    }
}
