// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.State;
using Portabled.Core.Units;

namespace Portabled.Core;

public sealed partial class PortableManager
{
    /// <summary>
    /// <c>GetImageState*</c> (docs/attach-detach.md, "State"): computed from the markers in the attached
    /// directories (persistent first, then runtime) and the service manager. The image is not looked
    /// up, so unknown names simply give <see cref="PortableState.Detached"/>; in 262 an argument no
    /// image name can be taken from is an error once a marker is compared with it. <paramref name="flags"/> must be 0.
    /// </summary>
    public PortableState GetState(string nameOrPath, IReadOnlyList<string> extensions, ulong flags)
    {
        ValidateFlags(flags, 0);
        return ComputeState(nameOrPath, extensions);
    }

    private PortableState ComputeState(string nameOrPath, IReadOnlyList<string> extensions) =>
        ComputeState(nameOrPath, extensions, new AttachedUnitsSnapshot(_layout), MarkerImageNames());

    // The attached directories come from a snapshot so that ListImages reads them once for all
    // images instead of once per image; the marker image names are cached alike.
    private PortableState ComputeState(string nameOrPath, IReadOnlyList<string> extensions, AttachedUnitsSnapshot attached, Func<string, string> imageNames)
    {
        PortableState state = ComputeState(nameOrPath, extensions, runtime: false, attached, imageNames);
        return state == PortableState.Detached ? ComputeState(nameOrPath, extensions, runtime: true, attached, imageNames) : state;
    }

    private PortableState ComputeState(string nameOrPath, IReadOnlyList<string> extensions, bool runtime, AttachedUnitsSnapshot attached, Func<string, string> imageNames)
    {
        string[] images = [nameOrPath, .. extensions];
        bool found = false;
        bool enabled = false;
        bool running = false;
        foreach (AttachedUnit unit in attached.Get(runtime))
        {
            if (!MarkerMatcher.Matches(_behavior, unit.Components, images, matchAll: false, imageNames))
            {
                continue;
            }

            found = true;
            enabled |= UnitEnablement.IsEnabled(_layout, unit.Name);
            running |= _units.IsActive(unit.Name);
        }

        return (found, running, enabled, runtime) switch
        {
            (false, _, _, _) => PortableState.Detached,
            (_, true, _, false) => PortableState.Running,
            (_, true, _, true) => PortableState.RunningRuntime,
            (_, _, true, false) => PortableState.Enabled,
            (_, _, true, true) => PortableState.EnabledRuntime,
            (_, _, _, false) => PortableState.Attached,
            _ => PortableState.AttachedRuntime,
        };
    }
}
