// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Bus;
using Portabled.Ctl.Images;
using Portabled.Ctl.Output;
using Portabled.SdBus;

namespace Portabled.Ctl.Verbs;

/// <summary>
/// detach: with --now/--enable/--clean first the image's units are looked up (the prefixes are
/// only used for that) and stopped, disabled and cleaned; then the call, the reload and the change
/// lines. The image may be a path that no longer exists.
/// </summary>
internal static class DetachVerb
{
    public static int Run(CtlContext context, IReadOnlyList<string> args)
    {
        string image = ImageArgument.Resolve(context, args[1], permitNonExisting: true);
        context.AcquireBus();
        context.OpenPolkitAgent();
        StopDisableClean(context, image, args);
        bool withExtensions = context.Settings.UseExtensionMethods;
        string method = withExtensions ? "DetachImageWithExtensions" : "DetachImage";
        IReadOnlyList<PortableChange> changes;
        try
        {
            changes = context.Portable.Call(method, w =>
            {
                w.String(image);
                if (withExtensions)
                {
                    w.StringArray(MetadataCalls.ResolveExtensions(context, permitNonExisting: true)).UInt64(AttachVerb.Flags(context));
                }
                else
                {
                    w.Boolean(context.Settings.Runtime);
                }
            }, PortableManagerClient.ReadChanges);
        }
        catch (DBusException e)
        {
            throw new CtlException($"{method} failed: {e.Describe()}");
        }

        AttachVerb.Reload(context);
        ChangePrinter.Print(context, changes);
        return 0;
    }

    // Every failure here is reported and the detach goes ahead, as upstream does.
    private static void StopDisableClean(CtlContext context, string image, IReadOnlyList<string> args)
    {
        if (!context.Settings.Enable && !context.Settings.Now && !context.Settings.Clean)
        {
            return;
        }

        try
        {
            IReadOnlyList<string> matches = UnitMatches.Determine(context, args[1], args.Skip(2).ToList(), allowAll: true);

            // Upstream watches for jobs before it even looks the units up.
            using var wait = new JobWaiter(context.ServiceManager);
            ImageMetadata metadata;
            try
            {
                metadata = MetadataCalls.Get(context, image, matches);
            }
            catch (DBusException e)
            {
                CtlLog.Error($"Failed to inspect image metadata: {e.Describe()}");
                return;
            }

            UnitActions.StopDisableClean(context, metadata.Units.Select(u => u.Key).ToList(), wait);
        }
        catch (CtlException e)
        {
            CtlLog.Error(e.Message);
        }
    }
}
