// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Host;

namespace Portabled.Core.State;

/// <summary>
/// The units with a marker in the persistent and the runtime attached directory, each read the first
/// time it is asked for and then kept, for one state computation or one ListImages (which would
/// otherwise read both directories again for each of thousands of images). A directory that
/// cannot be read fails every request for it with the same exception, as reading it each time would.
/// </summary>
internal sealed class AttachedUnitsSnapshot
{
    private readonly Lazy<IReadOnlyList<AttachedUnit>> _persistent;
    private readonly Lazy<IReadOnlyList<AttachedUnit>> _runtime;

    public AttachedUnitsSnapshot(HostLayout layout)
    {
        _persistent = new(() => AttachedDirectory.Enumerate(layout, layout.GetAttachedDirectory(false), includeDropInOnly: false), LazyThreadSafetyMode.None);
        _runtime = new(() => AttachedDirectory.Enumerate(layout, layout.GetAttachedDirectory(true), includeDropInOnly: false), LazyThreadSafetyMode.None);
    }

    /// <summary>The units of the runtime (<c>/run</c>) or the persistent (<c>/etc</c>) attached directory, sorted by name.</summary>
    public IReadOnlyList<AttachedUnit> Get(bool runtime) => (runtime ? _runtime : _persistent).Value;
}
