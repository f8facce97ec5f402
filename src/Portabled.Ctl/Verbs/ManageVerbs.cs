// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Bus;
using Portabled.Ctl.Output;
using Portabled.SdBus;

namespace Portabled.Ctl.Verbs;

/// <summary>read-only, remove and set-limit: image management calls that take the argument as given.</summary>
internal static class ManageVerbs
{
    public static int ReadOnly(CtlContext context, IReadOnlyList<string> args)
    {
        bool readOnly = true;
        if (args.Count > 2)
        {
            readOnly = Terminal.ParseBoolean(args[2]) ?? throw new CtlException($"Failed to parse boolean argument: {args[2]}");
        }

        context.AcquireBus();
        context.OpenPolkitAgent();
        try
        {
            context.Portable.Call("MarkImageReadOnly", w => w.String(args[1]).Boolean(readOnly), _ => 0);
        }
        catch (DBusException e)
        {
            throw new CtlException($"Could not mark image read-only: {e.Describe()}");
        }

        return 0;
    }

    public static int Remove(CtlContext context, IReadOnlyList<string> args)
    {
        context.AcquireBus();
        context.OpenPolkitAgent();
        foreach (string image in args.Skip(1))
        {
            try
            {
                // Removing may take long: no timeout, as upstream.
                context.Portable.Call("RemoveImage", w => w.String(image), _ => 0, Timeout.InfiniteTimeSpan);
            }
            catch (DBusException e)
            {
                throw new CtlException($"Could not remove image: {e.Describe()}");
            }
        }

        return 0;
    }

    public static int SetLimit(CtlContext context, IReadOnlyList<string> args)
    {
        context.AcquireBus();
        context.OpenPolkitAgent();
        string text = args[^1];
        ulong limit = text is "-" or "none" or "infinity"
            ? ulong.MaxValue
            : SizeParser.Parse(text) ?? throw new CtlException($"Failed to parse size: {text}");
        try
        {
            if (args.Count > 2)
            {
                context.Portable.Call("SetImageLimit", w => w.String(args[1]).UInt64(limit), _ => 0);
            }
            else
            {
                context.Portable.Call("SetPoolLimit", w => w.UInt64(limit), _ => 0);
            }
        }
        catch (DBusException e)
        {
            throw new CtlException($"Could not set limit: {e.Describe()}");
        }

        return 0;
    }
}
