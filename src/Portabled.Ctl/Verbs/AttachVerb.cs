// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Bus;
using Portabled.Ctl.Images;
using Portabled.Ctl.Output;
using Portabled.SdBus;

namespace Portabled.Ctl.Verbs;

/// <summary>
/// attach and reattach: the call (the …WithExtensions variant with --extension or --force),
/// a service manager reload unless --no-reload, the change lines, then --enable/--now.
/// </summary>
internal static class AttachVerb
{
    public static int Run(CtlContext context, IReadOnlyList<string> args) => Run(context, args, reattach: false);

    public static int RunReattach(CtlContext context, IReadOnlyList<string> args) => Run(context, args, reattach: true);

    private static int Run(CtlContext context, IReadOnlyList<string> args, bool reattach)
    {
        string image = ImageArgument.Resolve(context, args[1], permitNonExisting: false);
        IReadOnlyList<string> matches = UnitMatches.Determine(context, args[1], args.Skip(2).ToList(), allowAll: false);
        context.AcquireBus();
        context.OpenPolkitAgent();
        bool withExtensions = context.Settings.UseExtensionMethods;
        string method = (reattach ? "ReattachImage" : "AttachImage") + (withExtensions ? "WithExtensions" : string.Empty);
        (IReadOnlyList<PortableChange> First, IReadOnlyList<PortableChange> Second) changes;
        try
        {
            changes = context.Portable.Call(method, w =>
            {
                w.String(image);
                if (withExtensions)
                {
                    w.StringArray(MetadataCalls.ResolveExtensions(context, permitNonExisting: false));
                }

                w.StringArray(matches).String(context.Settings.Profile);
                if (withExtensions)
                {
                    w.String(context.Settings.CopyMode).UInt64(Flags(context));
                }
                else
                {
                    w.Boolean(context.Settings.Runtime).String(context.Settings.CopyMode);
                }
            }, r => (PortableManagerClient.ReadChanges(r), reattach ? PortableManagerClient.ReadChanges(r) : []));
        }
        catch (DBusException e)
        {
            throw new CtlException($"{method} failed: {e.Describe()}");
        }

        Reload(context);
        ChangePrinter.Print(context, changes.First);
        if (reattach)
        {
            ChangePrinter.Print(context, changes.Second);
            UnitActions.StopEnableRestart(context, changes.First, changes.Second);
        }
        else
        {
            UnitActions.EnableStart(context, changes.First);
        }

        return 0;
    }

    /// <summary>RUNTIME with --runtime; FORCE_ATTACH|FORCE_EXTENSION with --force.</summary>
    public static ulong Flags(CtlContext context) =>
        (context.Settings.Runtime ? PortableFlags.Runtime : 0) | (context.Settings.Force ? PortableFlags.ForceAttach | PortableFlags.ForceExtension : 0);

    /// <summary>Upstream reloads right after the call and before printing; a failure is reported and ignored.</summary>
    public static void Reload(CtlContext context)
    {
        if (!context.Settings.Reload)
        {
            return;
        }

        try
        {
            context.ServiceManager.Reload();
        }
        catch (DBusException e)
        {
            CtlLog.Error($"Failed to reload service manager: {e.Describe()}");
        }
    }
}
