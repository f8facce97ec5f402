// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Bus;
using Portabled.Ctl.CommandLine;
using Portabled.Ctl.Images;
using Portabled.Ctl.Json;
using Portabled.Ctl.Output;
using Portabled.SdBus;

namespace Portabled.Ctl.Verbs;

/// <summary>is-attached: prints the state; the exit status is 0 whatever the state (as upstream's is).</summary>
internal static class IsAttachedVerb
{
    public static int Run(CtlContext context, IReadOnlyList<string> args)
    {
        string image = ImageArgument.Resolve(context, args[1], permitNonExisting: true);
        context.AcquireBus();
        bool withExtensions = context.Settings.Extensions.Count > 0;
        string method = withExtensions ? "GetImageStateWithExtensions" : "GetImageState";
        string state;
        try
        {
            state = context.Portable.Call(method, w =>
            {
                w.String(image);
                if (withExtensions)
                {
                    w.StringArray(MetadataCalls.ResolveExtensions(context, permitNonExisting: true)).UInt64(0);
                }
            }, r => r.String());
        }
        catch (DBusException e)
        {
            throw new CtlException($"{method} failed: {e.Describe()}");
        }

        if (context.Settings.Quiet)
        {
            return 0;
        }

        if (context.Settings.Json != JsonMode.Off)
        {
            JsonOutput.State(context.Settings.Json, image, state);
        }
        else
        {
            StandardOutput.WriteLine(state);
        }

        return 0;
    }
}
