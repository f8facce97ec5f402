// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Logging;
using Portabled.Core.Host;

namespace Portabled.Core;

public sealed partial class PortableManager
{
    // Whether a temporary may be left in the attached or image link directories or a .d directory
    // (docs/reliability.md, "Recovery"): set until a full sweep has removed every temporary it
    // found, and again by an operation that ends with one of its own temporaries still there.
    // Only changed under _changeLock.
    private bool _mayHoldTemporaries = true;
    private int _sweptDropInDirectories;

    /// <summary>How many <c>.d</c> directories the recovery passes of this manager have listed (for tests).</summary>
    internal int SweptDropInDirectories => Volatile.Read(ref _sweptDropInDirectories);

    /// <summary>
    /// The recovery pass (docs/reliability.md, "Recovery"): an attach, detach or reattach that a crash
    /// interrupted is completed (past its commit point) or undone, and stray temporaries are removed.
    /// The host runs it at start; attach, detach and reattach run it first, under the same lock, and
    /// sweep for temporaries only when there may be something to find. Throws an <see cref="Errors.ErrnoException"/> when an interrupted
    /// operation cannot be resolved yet (a read-only or full file system).
    /// </summary>
    public void Recover()
    {
        lock (_changeLock)
        {
            RecoverLocked(full: true);
        }
    }

    /// <summary>
    /// <see cref="Recover"/>'s pass for a host whose manager is not made yet: the pass needs only the
    /// layout, so a daemon runs it while it still asks which version to copy. The manager made
    /// afterwards takes the result over (<see cref="AdoptRecovery"/>). Throws as <see cref="Recover"/>.
    /// </summary>
    public static RecoveryResult RecoverHost(HostLayout layout, ILogger<PortableManager> logger) =>
        HostRecovery.Run(layout, message => Log.Recovery(logger, message), sweep: true);

    /// <summary>Takes over what a <see cref="RecoverHost"/> pass on this manager's host found, as if <see cref="Recover"/> had run it.</summary>
    public void AdoptRecovery(RecoveryResult result)
    {
        lock (_changeLock)
        {
            Adopt(result);
        }
    }

    // Before an operation the directories are swept only when a record is found, when this process
    // has not swept them whole yet, or when an earlier operation left a temporary; otherwise the
    // pass is two lstat calls, one per record.
    private void RecoverLocked(bool full = false)
    {
        Adopt(HostRecovery.Run(_layout, message => Log.Recovery(_logger, message), full || _mayHoldTemporaries));
    }

    private void Adopt(RecoveryResult result)
    {
        Interlocked.Add(ref _sweptDropInDirectories, result.DropInDirectoriesSwept);

        // A pass that swept less than everything started from a clean state, so this holds either way.
        _mayHoldTemporaries = !result.Clean;
    }

    // After an operation's transaction, whatever way it ended: a temporary of its own still on the
    // host (a failure whose clean-up failed too, or a record kept for recovery) is for the next sweep.
    private void NoteLeftovers(HostTransaction transaction)
    {
        if (transaction.MayHaveLeftTemporaries())
        {
            _mayHoldTemporaries = true;
        }
    }
}
