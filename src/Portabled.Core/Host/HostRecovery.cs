// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Management;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Core.Versions;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Host;

/// <summary>
/// The recovery pass (docs/reliability.md, "Recovery"), run at daemon start and before every attach,
/// detach and reattach under the same lock: for the persistent and the runtime scope, an intent
/// record left by a crash is completed when it was committed and undone otherwise, then removed;
/// then, in a full sweep or in a scope that had a record, every temporary (<see cref="TemporaryNames"/>)
/// in the attached directory, its <c>.d</c> directories and the image link directory is removed,
/// and a stray temporary of the record itself.
/// </summary>
internal static class HostRecovery
{
    /// <summary>Entries looked at per directory by the sweep.</summary>
    public const int MaxSweptEntries = 65536;

    /// <summary>
    /// Recovers both scopes; <paramref name="sweep"/> asks for both to be swept (a scope with a
    /// record is swept anyway). Throws an <see cref="ErrnoException"/> when an interrupted operation
    /// could not be resolved for a transient reason (a read-only or full file system): its record
    /// stays for the next pass, and no new operation may start over it.
    /// </summary>
    public static RecoveryResult Run(HostLayout layout, Action<string> log, bool sweep)
    {
        var result = new RecoveryResult(true, 0);
        foreach (bool runtime in (ReadOnlySpan<bool>)[false, true])
        {
            RecoveryResult scope = RecoverScope(layout, runtime, log, sweep);
            result = new RecoveryResult(result.Clean && scope.Clean, result.DropInDirectoriesSwept + scope.DropInDirectoriesSwept);
        }

        return result;
    }

    private static RecoveryResult RecoverScope(HostLayout layout, bool runtime, Action<string> log, bool sweep)
    {
        string logicalRecord = HostTransaction.GetIntentPath(layout, runtime);
        string hostRecord = layout.ToHost(logicalRecord);
        bool found = HostFileStatus.TryGet(hostRecord, out HostFileStatus st, out _);
        if (found)
        {
            if (st.Type != FileType.RegularFile || st.Size > IntentRecord.MaxSize ||
                !IntentRecord.TryParse(File.ReadAllBytes(hostRecord), HostTransaction.GetScope(layout, runtime), out IntentRecord? record))
            {
                log($"'{logicalRecord}' is not an intent record, removing it.");
                IntentExecutor.RemoveRecord(layout, hostRecord);
            }
            else
            {
                Resolve(layout, record, hostRecord, logicalRecord, log);
            }
        }

        return Sweep(layout, runtime, log, sweep || found);
    }

    private static void Resolve(HostLayout layout, IntentRecord record, string hostRecord, string logicalRecord, Action<string> log)
    {
        Exception? failure;
        if (record.Committed)
        {
            log($"Completing the interrupted {record.Operation} recorded in '{logicalRecord}'.");
            failure = IntentExecutor.Complete(layout, record).Select(o => o.Error).FirstOrDefault(e => e is not null);
        }
        else
        {
            log($"Undoing the interrupted {record.Operation} recorded in '{logicalRecord}'.");
            failure = IntentExecutor.Undo(layout, record);
        }

        if (failure is not null)
        {
            int errno = Errno.FromException(failure);
            log($"Recovery step failed: {failure.Message}");
            if (IntentExecutor.IsTransient(errno))
            {
                throw new ErrnoException(errno, $"Failed to recover the interrupted {record.Operation} recorded in '{logicalRecord}': {Errno.ToMessage(errno)}", failure);
            }
        }

        IntentExecutor.RemoveRecord(layout, hostRecord);
    }

    // Every temporary of the scope: in the attached directory, each of its .d directories, the image
    // link directory, and the record's own beside the record. Not full: nothing (no listing at all).
    private static RecoveryResult Sweep(HostLayout layout, bool runtime, Action<string> log, bool full)
    {
        if (!full)
        {
            return new RecoveryResult(true, 0);
        }

        string attached = layout.ToHost(layout.GetAttachedDirectory(runtime));
        bool clean = SweepDirectory(layout, attached, log, out List<string> entries);
        int swept = 0;
        foreach (string entry in entries)
        {
            if (entry.EndsWith(".d", StringComparison.Ordinal) && HostFileStatus.TryGet(entry, out HostFileStatus st, out _) && st.Type == FileType.Directory)
            {
                swept++;
                clean &= SweepDirectory(layout, entry, log, out _);
            }
        }

        clean &= SweepDirectory(layout, layout.ToHost(layout.GetPortablesLinkDirectory(runtime)), log, out _);
        string recordDirectory = Path.GetDirectoryName(layout.ToHost(HostTransaction.GetIntentPath(layout, runtime)))!;
        clean &= TryEnumerate(recordDirectory, out List<string> recordEntries);
        foreach (string entry in recordEntries)
        {
            // Beside the runtime record, the remembered manager version is written the same way.
            string name = Path.GetFileName(entry);
            if (TemporaryNames.IsTemporaryOf(name, IntentRecord.FileName) || TemporaryNames.IsTemporaryOf(name, ManagerVersionCache.FileName))
            {
                clean &= RemoveTemporary(layout, entry, log);
            }
        }

        return new RecoveryResult(clean, swept);
    }

    // Whether every temporary there is gone: the directory could be read whole, and each removal worked.
    private static bool SweepDirectory(HostLayout layout, string hostDirectory, Action<string> log, out List<string> entries)
    {
        bool clean = TryEnumerate(hostDirectory, out entries);
        foreach (string entry in entries)
        {
            if (TemporaryNames.IsTemporary(Path.GetFileName(entry)))
            {
                clean &= RemoveTemporary(layout, entry, log);
            }
        }

        return clean;
    }

    private static bool RemoveTemporary(HostLayout layout, string host, Action<string> log)
    {
        if (!HostFileStatus.TryGet(host, out HostFileStatus st, out _))
        {
            return true;
        }

        log($"Removing the stray temporary '{host}'.");
        try
        {
            layout.WriteSteps.Next();
            IntentExecutor.RemoveTree(host, st);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ErrnoException)
        {
            log($"Removing '{host}' failed, ignoring: {e.Message}");
            return false;
        }
    }

    // A directory followed like opendir() (the attached directory may be an admin's symlink). Missing
    // is empty and complete; unreadable is empty and incomplete, and so is one cut at the bound.
    // getdents64 on a descriptor rather than Directory.EnumerateFileSystemEntries: this runs at every
    // start, beside the bus thread, and the framework's enumerator (its first use included) cost the
    // main thread about 30 µs more before the first reply. Only our own temporaries are looked for,
    // all ASCII names.
    private static bool TryEnumerate(string hostDirectory, out List<string> entries)
    {
        var names = new List<string>();
        int r = DirectoryEntries.ListNames(hostDirectory, MaxSweptEntries, names, out bool truncated);
        entries = names.ConvertAll(name => Path.Join(hostDirectory, name));
        return r == 0 ? !truncated : r is -Errno.ENOENT or -Errno.ENOTDIR;
    }
}
