// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Bus;
using Portabled.Ctl.Images;

namespace Portabled.Ctl.Verbs;

/// <summary>
/// GetImageMetadata, or GetImageMetadataWithExtensions with --extension or --force (flags: only
/// FORCE_EXTENSION matters here). Extension arguments are resolved while the message is built,
/// missing ones allowed (the daemon reports them).
/// </summary>
internal static class MetadataCalls
{
    public static ImageMetadata Get(CtlContext context, string image, IReadOnlyList<string> matches)
    {
        bool withExtensions = context.Settings.UseExtensionMethods;
        string method = withExtensions ? "GetImageMetadataWithExtensions" : "GetImageMetadata";
        return context.Portable.GetImageMetadata(method, w =>
        {
            w.String(image);
            if (withExtensions)
            {
                w.StringArray(ResolveExtensions(context, permitNonExisting: true));
            }

            w.StringArray(matches);
            if (withExtensions)
            {
                w.UInt64(context.Settings.Force ? PortableFlags.ForceExtension : 0);
            }
        }, withExtensions);
    }

    public static List<string> ResolveExtensions(CtlContext context, bool permitNonExisting) =>
        context.Settings.Extensions.Select(e => ImageArgument.Resolve(context, e, permitNonExisting)).ToList();
}
