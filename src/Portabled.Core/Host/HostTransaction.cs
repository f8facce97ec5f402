// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Core.Errors;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Host;

/// <summary>
/// One attach, detach or reattach as a crash-safe transaction (docs/reliability.md, "Crash safety"):
/// <see cref="Begin"/> writes the intent record before the first host change; the stage calls
/// create the new directories and write every new file under its temporary name; <see cref="Commit"/>
/// makes all of that durable and marks the record committed; <see cref="IntentExecutor.Complete"/>
/// then renames and removes, and <see cref="Finish"/> drops the record. Before the commit point a
/// failure is undone (<see cref="IntentExecutor.Undo"/>); after it the operation is completed — by the
/// caller, or by <see cref="HostRecovery"/> after a crash.
/// </summary>
internal sealed class HostTransaction
{
    private const int DirectoryMode = 0x1ed; // 0755
    private const UnixFileMode FileMode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly HostLayout _layout;
    private readonly string _intentHostPath;
    private readonly HashSet<string> _stagedDirectories = new(StringComparer.Ordinal);
    private bool _stagedTree;
    private string? _recordTemporary;

    /// <summary>Creates the transaction of <paramref name="record"/> in the runtime or persistent scope.</summary>
    public HostTransaction(HostLayout layout, bool runtime, IntentRecord record)
    {
        _layout = layout;
        Record = record;
        Runtime = runtime;
        _intentHostPath = layout.ToHost(GetIntentPath(layout, runtime));
    }

    /// <summary>The record.</summary>
    public IntentRecord Record { get; private set; }

    /// <summary>Whether this is the runtime scope (<c>/run</c>).</summary>
    public bool Runtime { get; }

    /// <summary>Whether <see cref="Begin"/> wrote the record (so it must be finished or left for recovery).</summary>
    public bool Begun { get; private set; }

    /// <summary>The logical path of the intent record: the parent of the attached directory, as the host layout has it.</summary>
    public static string GetIntentPath(HostLayout layout, bool runtime) =>
        Path.GetDirectoryName(layout.GetAttachedDirectory(runtime)) + "/" + IntentRecord.FileName;

    /// <summary>The directories a record of that scope may change: the attached directory and the image link directory.</summary>
    public static IReadOnlyList<string> GetScope(HostLayout layout, bool runtime) =>
        [layout.GetAttachedDirectory(runtime), layout.GetPortablesLinkDirectory(runtime)];

    /// <summary>
    /// Writes the record (under a temporary name, fsync'd, renamed into place, its directory fsync'd).
    /// The parents of the scope directories are created first when missing, silently (mkdir -p).
    /// </summary>
    public void Begin()
    {
        foreach (string directory in GetScope(_layout, Runtime))
        {
            EnsureParents(Path.GetDirectoryName(directory)!);
        }

        WriteRecordFile(Record.Serialize());
        Begun = true;
    }

    /// <summary>Creates a directory of a <see cref="IntentAction.Mkdir"/> entry (mode 0755).</summary>
    public void MakeDirectory(string logicalPath)
    {
        string host = _layout.ToHost(logicalPath);
        _layout.WriteSteps.Next();
        HostFileSystem.MakeDirectory(host, DirectoryMode);
        Staged(host);
    }

    /// <summary>
    /// Writes a staged file (mode 0644, fsync'd) under the entry's temporary name; a
    /// <paramref name="selinuxLabel"/> is set on it, as upstream's mac_selinux_create_file_prepare_label()
    /// does (a label the kernel refuses leaves the default one).
    /// </summary>
    public void StageFile(IntentEntry entry, ReadOnlySpan<byte> data, string? selinuxLabel = null)
    {
        string temp = StagedPath(entry);
        _layout.WriteSteps.Next();
        using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode0644 }))
        {
            _layout.WriteSteps.Next();
            stream.Write(data);
            stream.Flush(flushToDisk: true);
        }

        File.SetUnixFileMode(temp, FileMode0644);
        if (selinuxLabel is not null)
        {
            // As libselinux's setfilecon_raw() writes it: the context and its terminating NUL.
            _ = HostFileSystem.TrySetExtendedAttribute(temp, "security.selinux", Encoding.UTF8.GetBytes(selinuxLabel + "\0"));
        }

        Staged(temp);
    }

    /// <summary>Creates a staged symlink under the entry's temporary name.</summary>
    public void StageSymlink(IntentEntry entry, string target)
    {
        string temp = StagedPath(entry);
        _layout.WriteSteps.Next();
        File.CreateSymbolicLink(temp, target);
        Staged(temp);
    }

    /// <summary>Creates a staged tree (or file) under the entry's temporary name with <paramref name="copy"/> (given the host path).</summary>
    public void StageTree(IntentEntry entry, Action<string> copy)
    {
        string temp = StagedPath(entry);
        _layout.WriteSteps.Next();
        copy(temp);
        _stagedTree = true;
        Staged(temp);
    }

    /// <summary>Removes a staged entry again (an image link whose copy failed: upstream ignores those).</summary>
    public void DiscardStaged(IntentEntry entry)
    {
        string temp = _layout.ToHost(entry.TemporaryPath);
        if (HostFileStatus.TryGet(temp, out HostFileStatus st, out _))
        {
            _layout.WriteSteps.Next();
            IntentExecutor.RemoveTree(temp, st);
        }
    }

    /// <summary>
    /// The commit point: everything staged is made durable (files were fsync'd as written; now their
    /// directories, and the whole file system after a tree copy), then the record's status is
    /// overwritten in place with <c>commit!</c> and fsync'd.
    /// </summary>
    public void Commit()
    {
        foreach (string directory in _stagedDirectories.Order(StringComparer.Ordinal))
        {
            HostFileSystem.SyncDirectory(directory);
        }

        if (_stagedTree)
        {
            HostFileSystem.SyncFileSystem(Path.GetDirectoryName(_intentHostPath)!);
        }

        _layout.WriteSteps.Next();
        using (var stream = new FileStream(_intentHostPath, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            stream.Seek(-IntentRecord.StatusLength, SeekOrigin.End);
            stream.Write(IntentRecord.CommitStatus);
            stream.Flush(flushToDisk: true);
        }

        Record = new IntentRecord(Record.Operation, Record.Entries, committed: true);
    }

    /// <summary>
    /// Whether a temporary of this transaction may still be on the host: the record's own, or a
    /// staged entry's (by lstat; a status that cannot be read counts as there). Only a failure whose
    /// clean-up failed too leaves one, or a record kept for recovery (docs/reliability.md, "Recovery").
    /// </summary>
    public bool MayHaveLeftTemporaries()
    {
        if (_recordTemporary is not null && MayExist(_recordTemporary))
        {
            return true;
        }

        return Record.Entries.Any(e => e.IsStage && MayExist(StagedPath(e)));
    }

    /// <summary>Removes the record (after <see cref="IntentExecutor.Complete"/> or <see cref="IntentExecutor.Undo"/> made the host whole) and fsyncs its directory.</summary>
    public void Finish() => IntentExecutor.RemoveRecord(_layout, _intentHostPath);

    private string StagedPath(IntentEntry entry) => _layout.ToHost(entry.TemporaryPath);

    // A directory that holds something staged: fsync'd at the commit point.
    private void Staged(string hostPath) => _stagedDirectories.Add(Path.GetDirectoryName(hostPath)!);

    private void WriteRecordFile(byte[] data)
    {
        string directory = Path.GetDirectoryName(_intentHostPath)!;
        string temp = Path.Join(directory, TemporaryNames.For(IntentRecord.FileName));
        _recordTemporary = temp;
        try
        {
            _layout.WriteSteps.Next();
            using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode0644 }))
            {
                stream.Write(data);
                stream.Flush(flushToDisk: true);
            }

            _layout.WriteSteps.Next();
            HostFileSystem.Rename(temp, _intentHostPath, replace: false);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        HostFileSystem.SyncDirectory(directory);
    }

    // mkdir -p of a system directory above the scope (/etc/systemd, /run/systemd); not undone.
    private void EnsureParents(string logicalDirectory)
    {
        string host = _layout.ToHost(logicalDirectory);
        if (Directory.Exists(host))
        {
            return;
        }

        _layout.WriteSteps.Next();
        Directory.CreateDirectory(host);
    }

    // Missing, or under a missing or non-directory parent, is gone; anything else may be there.
    private static bool MayExist(string host) =>
        HostFileStatus.TryGet(host, out _, out int errno) || errno is not (Errno.ENOENT or Errno.ENOTDIR);

    private static void TryDelete(string host)
    {
        try
        {
            File.Delete(host);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
