// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Host;

/// <summary>
/// Carries out an intent record on the host, the same way for the operation itself and for
/// recovery after a crash (docs/reliability.md, "Completing and undoing"). Every step is idempotent —
/// a staged file is renamed only while its temporary exists, a removal of a missing entry does
/// nothing — so a record can be completed or undone any number of times, interrupted anywhere.
/// Entries are only ever touched by lstat, unlink, rmdir and rename: nothing inside the attached or
/// image link directories is followed.
/// </summary>
internal static class IntentExecutor
{
    /// <summary>
    /// Completes a committed record: removals and renames in record order (<see cref="IntentAction.Mkdir"/>
    /// entries were done before the commit point), then fsyncs every directory changed. A transient
    /// failure (<see cref="IsTransient"/>) is retried once.
    /// </summary>
    public static IReadOnlyList<IntentOutcome> Complete(HostLayout layout, IntentRecord record)
    {
        var outcomes = new IntentOutcome[record.Entries.Count];
        var changed = new HashSet<string>(StringComparer.Ordinal);
        HashSet<string> staged = [.. record.Entries.Where(e => e.IsStage).Select(e => layout.ToHost(e.TemporaryPath))];
        for (int i = 0; i < outcomes.Length; i++)
        {
            IntentEntry entry = record.Entries[i];
            outcomes[i] = WithRetry(() => CompleteEntry(layout, entry, staged));
            if (outcomes[i].Changed)
            {
                changed.Add(Path.GetDirectoryName(layout.ToHost(entry.Path))!);
            }
        }

        foreach (string directory in changed.Order(StringComparer.Ordinal))
        {
            TrySync(directory);
        }

        return outcomes;
    }

    /// <summary>
    /// Undoes a record that was not committed: staged temporaries removed, then the directories it
    /// created (newest first, only when empty). Returns the first failure, null when the host is as
    /// it was before the operation.
    /// </summary>
    public static Exception? Undo(HostLayout layout, IntentRecord record)
    {
        Exception? first = null;
        foreach (IntentEntry entry in record.Entries.Reverse())
        {
            IntentOutcome outcome = entry.Action switch
            {
                IntentAction.StageFile or IntentAction.StageTree => WithRetry(() => RemoveIfPresent(layout, layout.ToHost(entry.TemporaryPath))),
                IntentAction.Mkdir => WithRetry(() => RemoveEmptyDirectory(layout, layout.ToHost(entry.Path))),
                _ => default,
            };
            first ??= outcome.Error;
        }

        return first;
    }

    /// <summary>Removes the intent record and fsyncs its directory.</summary>
    public static void RemoveRecord(HostLayout layout, string recordHostPath)
    {
        layout.WriteSteps.Next();
        File.Delete(recordHostPath);
        TrySync(Path.GetDirectoryName(recordHostPath)!);
    }

    /// <summary>
    /// Whether an errno may go away by itself or once the admin fixes the file system (read-only,
    /// full, I/O error, busy): then the record is kept for a later recovery. Anything else (a foreign
    /// file in a <c>.d</c> directory, an immutable file) is final, as it is for upstream's detach.
    /// </summary>
    public static bool IsTransient(int errno) =>
        errno is Errno.EROFS or Errno.EIO or Errno.ENOSPC or Errno.ENOMEM or Errno.EBUSY or Errno.ETIMEDOUT or 4 /* EINTR */ or 11 /* EAGAIN */ or 122 /* EDQUOT */;

    /// <summary>Removes a file, a symlink, or a directory tree (not following symlinks).</summary>
    public static void RemoveTree(string host, HostFileStatus st)
    {
        if (st.Type == FileType.Directory)
        {
            Directory.Delete(host, recursive: true);
        }
        else
        {
            File.Delete(host);
        }
    }

    private static IntentOutcome CompleteEntry(HostLayout layout, IntentEntry entry, HashSet<string> staged)
    {
        string host = layout.ToHost(entry.Path);
        switch (entry.Action)
        {
            case IntentAction.StageFile:
            case IntentAction.StageTree:
                return RenameIntoPlace(layout, entry, host);
            case IntentAction.Remove:
                if (!HostFileStatus.TryGet(host, out HostFileStatus st, out _) || st.Type == FileType.Directory)
                {
                    return default;
                }

                layout.WriteSteps.Next();
                File.Delete(host);
                return new IntentOutcome(true, null);
            case IntentAction.RemoveTree:
                return RemoveIfPresent(layout, host);
            case IntentAction.RemoveEntry:
                return RemoveEntry(layout, host, staged);
            case IntentAction.RemoveIfEmpty:
                try
                {
                    return RemoveEmptyDirectory(layout, host);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ErrnoException)
                {
                    return RemoveIfOnlyStrayTemporaries(layout, host, staged);
                }

            default:
                return default;
        }
    }

    private static IntentOutcome RenameIntoPlace(HostLayout layout, IntentEntry entry, string host)
    {
        string temp = layout.ToHost(entry.TemporaryPath);
        if (!HostFileStatus.TryGet(temp, out _, out _))
        {
            return default;
        }

        // A staged tree replaces a whole tree (262's mixed copy reattached): rename cannot replace a
        // non-empty directory, so the old one goes first; while the temporary exists this is redone.
        if (entry.Action == IntentAction.StageTree && entry.Replace && HostFileStatus.TryGet(host, out HostFileStatus old, out _))
        {
            layout.WriteSteps.Next();
            RemoveTree(host, old);
        }

        layout.WriteSteps.Next();
        HostFileSystem.Rename(temp, host, entry.Replace);
        return new IntentOutcome(true, null);
    }

    // rmdir for a directory (after the stray temporaries in it: one must never keep a .d from going;
    // not this record's own, still to be renamed into place), unlink for anything else; missing is nothing to do.
    private static IntentOutcome RemoveEntry(HostLayout layout, string host, HashSet<string> staged)
    {
        if (!HostFileStatus.TryGet(host, out HostFileStatus st, out _))
        {
            return default;
        }

        if (st.Type != FileType.Directory)
        {
            layout.WriteSteps.Next();
            File.Delete(host);
            return new IntentOutcome(true, null);
        }

        foreach (string entry in Directory.EnumerateFileSystemEntries(host).Take(HostRecovery.MaxSweptEntries))
        {
            if (TemporaryNames.IsTemporary(Path.GetFileName(entry)) && !staged.Contains(entry))
            {
                _ = RemoveIfPresent(layout, entry);
            }
        }

        layout.WriteSteps.Next();
        Directory.Delete(host, recursive: false);
        return new IntentOutcome(true, null);
    }

    // The attached directory that is empty but for stray temporaries (one must not keep it either,
    // and the sweep before an operation does not always run): they go, then the directory. Listed
    // only after rmdir refused, up to the first entry that is not a stray temporary: a temporary of
    // this record is still to be renamed into place (a reattach), and keeps the directory.
    private static IntentOutcome RemoveIfOnlyStrayTemporaries(HostLayout layout, string host, HashSet<string> staged)
    {
        try
        {
            List<string> temporaries = [];
            foreach (string entry in Directory.EnumerateFileSystemEntries(host).Take(HostRecovery.MaxSweptEntries))
            {
                if (!TemporaryNames.IsTemporary(Path.GetFileName(entry)) || staged.Contains(entry))
                {
                    return default;
                }

                temporaries.Add(entry);
            }

            if (temporaries.Count == 0)
            {
                return default;
            }

            foreach (string temporary in temporaries)
            {
                _ = RemoveIfPresent(layout, temporary);
            }

            return RemoveEmptyDirectory(layout, host);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ErrnoException)
        {
            return default;
        }
    }

    private static IntentOutcome RemoveIfPresent(HostLayout layout, string host)
    {
        if (!HostFileStatus.TryGet(host, out HostFileStatus st, out _))
        {
            return default;
        }

        layout.WriteSteps.Next();
        RemoveTree(host, st);
        return new IntentOutcome(true, null);
    }

    private static IntentOutcome RemoveEmptyDirectory(HostLayout layout, string host)
    {
        if (!HostFileStatus.TryGet(host, out HostFileStatus st, out _) || st.Type != FileType.Directory)
        {
            return default;
        }

        layout.WriteSteps.Next();
        Directory.Delete(host, recursive: false);
        return new IntentOutcome(true, null);
    }

    private static IntentOutcome WithRetry(Func<IntentOutcome> step)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return step();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ErrnoException)
            {
                if (attempt > 0 || !IsTransient(Errno.FromException(e)))
                {
                    return new IntentOutcome(false, e);
                }
            }
        }
    }

    private static void TrySync(string directory)
    {
        try
        {
            HostFileSystem.SyncDirectory(directory);
        }
        catch (ErrnoException)
        {
        }
    }
}
