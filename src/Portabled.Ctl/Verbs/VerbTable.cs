// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Verbs;

/// <summary>portablectl's verbs in upstream's order, and upstream's dispatch (the "did you mean" hint included).</summary>
internal static class VerbTable
{
    private const int Any = int.MaxValue;

    public static IReadOnlyList<VerbDefinition> All { get; } =
    [
        new("list", 1, 1, true, null, "List available portable service images", ListVerb.Run),
        new("inspect", 2, Any, false, "NAME|PATH [PREFIX…]", "Show details of specified portable service image", InspectVerb.Run),
        new("attach", 2, Any, false, "NAME|PATH [PREFIX…]", "Attach the specified portable service image", AttachVerb.Run),
        new("detach", 2, Any, false, "NAME|PATH [PREFIX…]", "Detach the specified portable service image", DetachVerb.Run),
        new("reattach", 2, Any, false, "NAME|PATH [PREFIX…]", "Reattach the specified portable service image", AttachVerb.RunReattach),
        new("is-attached", 2, 2, false, "NAME|PATH", "Query if portable service image is attached", IsAttachedVerb.Run),
        new("read-only", 2, 3, false, "NAME|PATH [BOOL]", "Mark or unmark portable service image read-only", ManageVerbs.ReadOnly),
        new("remove", 2, Any, false, "NAME|PATH…", "Remove a portable service image", ManageVerbs.Remove),
        new("set-limit", 2, 3, false, "[NAME|PATH] LIMIT", "Set image or pool size limit (disk quota)", ManageVerbs.SetLimit),
    ];

    /// <summary>Runs the verb named by <paramref name="args"/>[0] (the default verb when there is none).</summary>
    public static int Dispatch(CtlContext context, IReadOnlyList<string> args)
    {
        string? name = args.Count > 0 ? args[0] : null;
        VerbDefinition? verb = name is null ? All.First(v => v.IsDefault) : All.FirstOrDefault(v => v.Name == name);
        if (verb is null)
        {
            string? closest = ClosestMatch.Find(All.Select(v => v.Name).ToList(), name!);
            throw new CtlException(closest is null ? $"Unknown command verb '{name}'." : $"Unknown command verb '{name}', did you mean '{closest}'?");
        }

        int count = name is null ? 1 : args.Count;
        if (count < verb.MinArgs)
        {
            throw new CtlException("Too few arguments.");
        }

        if (count > verb.MaxArgs)
        {
            throw new CtlException("Too many arguments.");
        }

        return verb.Run(context, name is null ? [verb.Name] : args);
    }
}
