// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Bus;
using Portabled.Ctl.CommandLine;
using Portabled.Ctl.Json;
using Portabled.Ctl.Output;
using Portabled.SdBus;

namespace Portabled.Ctl.Verbs;

/// <summary>list: the images table (sorted by name), "No images." or "N images listed." as the legend.</summary>
internal static class ListVerb
{
    public static int Run(CtlContext context, IReadOnlyList<string> args)
    {
        context.AcquireBus();
        IReadOnlyList<ImageEntry> images;
        try
        {
            images = context.Portable.ListImages();
        }
        catch (DBusException e)
        {
            throw new CtlException($"Failed to list images: {e.Describe()}");
        }

        if (context.Settings.Json != JsonMode.Off)
        {
            JsonOutput.List(context.Settings.Json, images);
            return 0;
        }

        var table = new TextTable("name", "type", "ro", "crtime", "mtime", "usage", "state");
        foreach (ImageEntry i in images)
        {
            table.AddRow(
                TableCell.Of(i.Name),
                TableCell.Of(i.Type),
                TableCell.Of(i.ReadOnly ? "yes" : "no", i.ReadOnly ? Ansi.HighlightRed : null),
                TableCell.Of(Timestamps.Format(i.CreationTime) ?? "-"),
                TableCell.Of(Timestamps.Format(i.ModificationTime) ?? "-"),
                TableCell.Of(ByteSizes.Format(i.Usage) ?? string.Empty),
                TableCell.Of(i.State, i.State != "detached" ? Ansi.HighlightGreen : null));
        }

        if (table.RowCount > 0)
        {
            table.SortBy(0);
            table.ShowHeader = context.Settings.Legend;
            StandardOutput.Write(table.Render());
        }

        if (context.Settings.Legend)
        {
            StandardOutput.WriteLine(table.RowCount == 0 ? "No images." : $"\n{table.RowCount} images listed.");
        }

        return 0;
    }
}
