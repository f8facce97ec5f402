// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Host;

/// <summary>
/// The recovery pass (docs/reliability.md, "Recovery"), run at daemon start and before every attach,
/// detach and reattach under the same lock: for the persistent and the runtime scope, an intent
/// record left by a crash is completed when it was committed and undone otherwise, then removed;
/// then every temporary (<see cref="TemporaryNames"/>) in the attached directory, its <c>.d</c>
/// directories and the image link directory is removed, and a stray temporary of the record itself.
/// </summary>
internal static class HostRecovery
{
    /// <summary>Entries looked at per directory by the sweep.</summary>
    public const int MaxSweptEntries = 65536;

    /// <summary>
    /// Recovers both scopes. Throws an <see cref="ErrnoException"/> when an interrupted operation
    /// could not be resolved for a transient reason (a read-only or full file system): its record stays
    /// for the next pass, and no new operation may start over it.
    /// </summary>
    public static void Run(HostLayout layout, Action<string> log)
    {
        foreach (bool runtime in (ReadOnlySpan<bool>)[false, true])
        {
            RecoverScope(layout, runtime, log);
        }
    }

    private static void RecoverScope(HostLayout layout, bool runtime, Action<string> log)
    {
        string logicalRecord = HostTransaction.GetIntentPath(layout, runtime);
        string hostRecord = layout.ToHost(logicalRecord);
        if (HostFileStatus.TryGet(hostRecord, out HostFileStatus st, out _))
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

        Sweep(layout, runtime, log);
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

    private static void Sweep(HostLayout layout, bool runtime, Action<string> log)
    {
        string attached = layout.ToHost(layout.GetAttachedDirectory(runtime));
        SweepDirectory(layout, attached, log);
        foreach (string entry in EnumerateOrEmpty(attached))
        {
            if (entry.EndsWith(".d", StringComparison.Ordinal) && HostFileStatus.TryGet(entry, out HostFileStatus st, out _) && st.Type == FileType.Directory)
            {
                SweepDirectory(layout, entry, log);
            }
        }

        SweepDirectory(layout, layout.ToHost(layout.GetPortablesLinkDirectory(runtime)), log);
        string recordDirectory = Path.GetDirectoryName(layout.ToHost(HostTransaction.GetIntentPath(layout, runtime)))!;
        foreach (string entry in EnumerateOrEmpty(recordDirectory))
        {
            if (TemporaryNames.IsTemporaryOf(Path.GetFileName(entry), IntentRecord.FileName))
            {
                RemoveTemporary(layout, entry, log);
            }
        }
    }

    private static void SweepDirectory(HostLayout layout, string hostDirectory, Action<string> log)
    {
        foreach (string entry in EnumerateOrEmpty(hostDirectory))
        {
            if (TemporaryNames.IsTemporary(Path.GetFileName(entry)))
            {
                RemoveTemporary(layout, entry, log);
            }
        }
    }

    private static void RemoveTemporary(HostLayout layout, string host, Action<string> log)
    {
        if (!HostFileStatus.TryGet(host, out HostFileStatus st, out _))
        {
            return;
        }

        log($"Removing the stray temporary '{host}'.");
        try
        {
            layout.WriteSteps.Next();
            IntentExecutor.RemoveTree(host, st);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ErrnoException)
        {
            log($"Removing '{host}' failed, ignoring: {e.Message}");
        }
    }

    // A directory followed like opendir() (the attached directory may be an admin's symlink); missing or unreadable is empty.
    private static List<string> EnumerateOrEmpty(string hostDirectory)
    {
        try
        {
            return Directory.Exists(hostDirectory) ? [.. Directory.EnumerateFileSystemEntries(hostDirectory).Take(MaxSweptEntries)] : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
