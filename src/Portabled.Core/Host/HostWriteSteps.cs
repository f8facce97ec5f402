// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Host;

/// <summary>
/// Counts the host writes of attach, detach, reattach and recovery (each mkdir, file creation,
/// write, rename, unlink, rmdir and intent-record change is one step) and calls
/// <see cref="BeforeStep"/> just before each one. Only the crash and fault tests set it
/// (docs/reliability.md, "Test hooks"): a hook may kill the process, stop it, or throw the
/// exception the write would have thrown.
/// </summary>
public sealed class HostWriteSteps
{
    private int _count;

    /// <summary>Called with the number of the step (from 1) before it runs; may throw.</summary>
    public Action<int>? BeforeStep { get; init; }

    /// <summary>Steps taken so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Announces the next step.</summary>
    internal void Next()
    {
        int step = Interlocked.Increment(ref _count);
        BeforeStep?.Invoke(step);
    }
}
