// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Host;

namespace Portabled.Core;

public sealed partial class PortableManager
{
    /// <summary>
    /// The recovery pass (docs/reliability.md, "Recovery"): an attach, detach or reattach that a crash
    /// interrupted is completed (past its commit point) or undone, and stray temporaries are removed.
    /// The host runs it at start; attach, detach and reattach run it first, under the same lock.
    /// Throws an <see cref="Errors.ErrnoException"/> when an interrupted operation cannot be resolved
    /// yet (a read-only or full file system).
    /// </summary>
    public void Recover()
    {
        lock (_changeLock)
        {
            RecoverLocked();
        }
    }

    private void RecoverLocked() => HostRecovery.Run(_layout, message => Log.Recovery(_logger, message));
}
