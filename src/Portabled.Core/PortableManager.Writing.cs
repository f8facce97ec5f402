// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Core.Attach;
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Images;
using Portabled.Core.Metadata;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Metadata;

namespace Portabled.Core;

public sealed partial class PortableManager
{
    /// <summary>
    /// Writes an attach — after the removals of a reattach's detach half, when given — as one
    /// transaction (docs/reliability.md, "Crash safety"): the intent record; the directories and
    /// every new file staged under its temporary name (docs/attach-detach.md, "Writing", for what and
    /// in which order); a check that the images are still there; the commit point; then the
    /// removals and the renames into place, per unit its drop-ins before its unit file. Returns the
    /// changes as upstream reports them: those of the detach half, and those of the attach.
    /// </summary>
    private (List<PortableChange> Detached, List<PortableChange> Attached) ApplyChanges(AttachPlan plan, List<RemovalItem>? removals)
    {
        bool runtime = plan.Context.Flags.HasFlag(PortableFlags.Runtime);
        HashSet<string> vacated = removals is null ? [] : VacatedPaths(removals, runtime);
        List<AttachItem> items = PlanAttachItems(plan, runtime, vacated);
        HashSet<string> staged = [.. items.Where(i => i.Entry is { IsStage: true }).Select(i => i.Entry!.Path)];
        HashSet<string> reused = [.. items.Where(i => i.Entry is null && i.Change is { Type: PortableChangeType.Mkdir }).Select(i => i.Change!.Path)];
        List<RemovalItem> detachHalf = removals is null ? [] : [.. removals.Select(r => Subsume(r, staged, vacated, reused))];
        var record = new IntentRecord(removals is null ? "attach" : "reattach",
            [.. detachHalf.Where(r => r.Entry is not null).Select(r => r.Entry!), .. items.Where(i => i.Entry is not null).Select(i => i.Entry!)]);
        var transaction = new HostTransaction(_layout, runtime, record);
        IReadOnlyList<IntentOutcome> outcomes;
        try
        {
            Stage(transaction, plan, items);
            outcomes = IntentExecutor.Complete(_layout, transaction.Record);
            RemoveFailedTemporaries(transaction.Record, outcomes);
            FinishOrKeep(transaction, outcomes.Select(o => o.Error));
        }
        finally
        {
            NoteLeftovers(transaction);
        }

        Dictionary<IntentEntry, int> indexes = IndexEntries(transaction.Record);
        (List<PortableChange> detached, PortableException? removalError) = ReportRemovals(detachHalf, transaction.Record, outcomes);
        var attached = new List<PortableChange>();
        foreach (AttachItem item in items)
        {
            IntentOutcome outcome = item.Entry is null ? default : outcomes[indexes[item.Entry]];
            if (!item.IsImageLink && outcome.Error is { } error)
            {
                int errno = Errno.FromException(error);
                throw new ErrnoException(errno, $"Failed to attach unit '{item.Unit}': {Errno.ToMessage(errno)}", error);
            }

            if (item.Change is not null && (!item.IsImageLink || outcome.Changed))
            {
                attached.Add(item.Change);
            }
        }

        if (removalError is not null)
        {
            throw new PortableChangesException(removalError, detached);
        }

        Log.Attached(_logger, plan.Context.Root.Path, attached.Count);
        return (detached, attached);
    }

    // Everything before the commit point; a failure undoes it and is reported for the unit at hand.
    private void Stage(HostTransaction transaction, AttachPlan plan, List<AttachItem> items)
    {
        string current = plan.Units[0].Name;
        try
        {
            transaction.Begin();
            foreach (AttachItem item in items.Where(i => !i.IsImageLink))
            {
                current = item.Unit;
                item.Stage(transaction);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PortableException)
        {
            Undo(transaction, e);
            int errno = Errno.FromException(e);
            throw new ErrnoException(errno, $"Failed to attach unit '{current}': {Errno.ToMessage(errno)}", e);
        }

        StageImageLinks(transaction, items);
        try
        {
            RequireImagesPresent(plan.Context);
        }
        catch (PortableException e)
        {
            Undo(transaction, e);
            throw;
        }

        try
        {
            transaction.Commit();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PortableException)
        {
            Undo(transaction, e);
            int errno = Errno.FromException(e);
            throw new ErrnoException(errno, $"Failed to attach unit '{current}': {Errno.ToMessage(errno)}", e);
        }
    }

    // Image link failures are ignored, as upstream's: the link is simply not made.
    private void StageImageLinks(HostTransaction transaction, List<AttachItem> items)
    {
        foreach (AttachItem item in items.Where(i => i.IsImageLink))
        {
            try
            {
                item.Stage(transaction);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or PortableException)
            {
                Log.ImageLinkFailed(_logger, item.Entry?.Path ?? string.Empty, e.Message);
                if (item.Entry is { IsStage: true } entry)
                {
                    try
                    {
                        transaction.DiscardStaged(entry);
                    }
                    catch (Exception discard) when (discard is IOException or UnauthorizedAccessException or PortableException)
                    {
                        Log.ImageLinkFailed(_logger, entry.TemporaryPath, discard.Message);
                    }
                }
            }
        }
    }

    private void Undo(HostTransaction transaction, Exception cause)
    {
        if (!transaction.Begun)
        {
            return;
        }

        Log.UndoingAttach(_logger, cause.Message);
        FinishOrKeep(transaction, [IntentExecutor.Undo(_layout, transaction.Record)]);
    }

    // An image that went away while it was read (deleted, renamed) is not attached: the drop-ins would name nothing.
    private void RequireImagesPresent(DropInContext context)
    {
        foreach (PortableImage image in context.Extensions.Append(context.Root))
        {
            if (!_layout.TryResolve(image.Path, true, out _, out _))
            {
                throw new ErrnoException(Errno.ENOENT, $"Image '{image.Path}' disappeared while it was being attached, refusing.");
            }
        }
    }

    // A staged file whose rename failed for good (something took its name) must not stay behind.
    private void RemoveFailedTemporaries(IntentRecord record, IReadOnlyList<IntentOutcome> outcomes)
    {
        for (int i = 0; i < outcomes.Count; i++)
        {
            if (record.Entries[i] is { IsStage: true } entry && outcomes[i].Error is { } error && !IntentExecutor.IsTransient(Errno.FromException(error)) &&
                HostFileStatus.TryGet(_layout.ToHost(entry.TemporaryPath), out HostFileStatus st, out _))
            {
                try
                {
                    _layout.WriteSteps.Next();
                    IntentExecutor.RemoveTree(_layout.ToHost(entry.TemporaryPath), st);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or PortableException)
                {
                    // Left for the next operation's sweep (NoteLeftovers).
                    Log.RemoveFailed(_logger, entry.TemporaryPath, e.Message);
                }
            }
        }
    }

    private List<AttachItem> PlanAttachItems(AttachPlan plan, bool runtime, HashSet<string> vacated)
    {
        bool replace = plan.Context.Flags.HasFlag(PortableFlags.ForceAttach);
        string where = _layout.GetAttachedDirectory(runtime);
        var items = new List<AttachItem>();
        items.Add(PlanConfiguredDirectory(plan.Units[0].Name, where, vacated, recordChange: true));
        foreach (ExtractedUnit unit in plan.Units)
        {
            PlanUnit(items, plan, where, unit, replace, vacated);
        }

        PlanImageLinks(items, plan, runtime, vacated);
        return items;
    }

    private void PlanUnit(List<AttachItem> items, AttachPlan plan, string where, ExtractedUnit unit, bool replace, HashSet<string> vacated)
    {
        string dropInDirectory = $"{where}/{unit.Name}.d";
        items.Add(PlanDropInDirectory(unit.Name, dropInDirectory, vacated));
        byte[] dropIn = Encoding.UTF8.GetBytes(DropInFormatter.Format(_behavior, plan.Context, unit.Name, unit.ImageIndex));
        items.Add(PlanFile(unit.Name, $"{dropInDirectory}/20-portable.conf", replace, vacated, PortableChangeType.Write, string.Empty,
            (t, e) => t.StageFile(e, dropIn)));

        if (plan.ProfileDropIns.TryGetValue(UnitNames.GetUnitType(unit.Name), out string? profilePath))
        {
            string target = $"{dropInDirectory}/10-profile.conf";
            items.Add(plan.Mode == CopyMode.Copy
                ? PlanFile(unit.Name, target, replace, vacated, PortableChangeType.Copy, profilePath, (t, e) => t.StageFile(e, ReadProfileDropIn(profilePath)))
                : PlanFile(unit.Name, target, replace, vacated, PortableChangeType.Symlink, profilePath, (t, e) => t.StageSymlink(e, profilePath)));
        }

        // The unit file goes last, so the service manager never sees it without its drop-ins.
        string unitPath = $"{where}/{unit.Name}";
        if (plan.Mode == CopyMode.Symlink && unit.SourcePath is not null)
        {
            items.Add(PlanFile(unit.Name, unitPath, replace, vacated, PortableChangeType.Symlink, unit.SourcePath, (t, e) => t.StageSymlink(e, unit.SourcePath)));
        }
        else if (unit.IsDirectory)
        {
            // 252: copying a unit that links to a directory fails at the copy, after its drop-ins (observed).
            items.Add(new AttachItem(unit.Name, null, null, _ => throw new ErrnoException(Errno.EISDIR)));
        }
        else
        {
            // attach_unit_file(): the copy is created with the image file's SELinux label (only read when SELinux is in use).
            items.Add(PlanFile(unit.Name, unitPath, replace, vacated, PortableChangeType.Copy, unit.SourcePath ?? string.Empty,
                (t, e) => t.StageFile(e, unit.Contents, unit.SelinuxLabel)));
        }
    }

    // docs/attach-detach.md, "Image links": a link (or, with mixed, a copy) per extension then the root in /etc/portables or /run/portables.
    // Upstream's "already in the search path" test never holds, so the link is always made; an existing
    // entry is left alone without a change (unless the detach half of a reattach removes it), and failures are ignored.
    private void PlanImageLinks(List<AttachItem> items, AttachPlan plan, bool runtime, HashSet<string> vacated)
    {
        string linkDirectory = _layout.GetPortablesLinkDirectory(runtime);
        AttachItem directory = PlanConfiguredDirectory(string.Empty, linkDirectory, vacated, recordChange: false);
        items.Add(directory with { IsImageLink = true });
        foreach (PortableImage image in plan.Context.Extensions.Append(plan.Context.Root))
        {
            string link = $"{linkDirectory}/{Path.GetFileName(image.Path.TrimEnd('/'))}";
            bool replacing = vacated.Contains(link);
            if (!replacing && HostFileStatus.TryGet(_layout.ToHost(link), out _, out _))
            {
                continue;
            }

            var entry = new IntentEntry(plan.Mode == CopyMode.Mixed ? IntentAction.StageTree : IntentAction.StageFile, link,
                TemporaryNames.For(Path.GetFileName(link)), replacing);
            string imagePath = image.Path;
            items.Add(plan.Mode == CopyMode.Mixed
                ? new AttachItem(string.Empty, entry, new PortableChange(PortableChangeType.Copy, link, imagePath),
                    t => t.StageTree(entry, temp => ImageCopier.CopyTo(_layout, imagePath, temp)), IsImageLink: true)
                : new AttachItem(string.Empty, entry, new PortableChange(PortableChangeType.Symlink, link, imagePath),
                    t => t.StageSymlink(entry, imagePath), IsImageLink: true));
        }
    }

    // The attached directory or the image link directory, as upstream's mkdir -p: one that exists is
    // used as it is, also through a symlink; a dangling link fails with ENOENT and a non-directory
    // with ENOTDIR; a missing one is created (a mkdir change for the attached directory).
    private AttachItem PlanConfiguredDirectory(string unit, string logicalPath, HashSet<string> vacated, bool recordChange)
    {
        var change = recordChange ? new PortableChange(PortableChangeType.Mkdir, logicalPath, string.Empty) : null;
        string host = _layout.ToHost(logicalPath);
        if (vacated.Contains(logicalPath))
        {
            return new AttachItem(unit, null, change, _ => { });
        }

        if (Directory.Exists(host))
        {
            return new AttachItem(unit, null, null, _ => { });
        }

        if (HostFileStatus.TryGet(host, out HostFileStatus st, out _))
        {
            int errno = st.Type == FileType.SymbolicLink && HostLayout.IsDangling(host) ? Errno.ENOENT : Errno.ENOTDIR;
            return new AttachItem(unit, null, null, _ => throw new ErrnoException(errno));
        }

        var entry = new IntentEntry(IntentAction.Mkdir, logicalPath);
        return new AttachItem(unit, entry, change, t => t.MakeDirectory(logicalPath));
    }

    // A unit's .d directory: created when missing (a mkdir change); a symlink is refused (ELOOP), a non-directory is ENOTDIR.
    private AttachItem PlanDropInDirectory(string unit, string logicalPath, HashSet<string> vacated)
    {
        var change = new PortableChange(PortableChangeType.Mkdir, logicalPath, string.Empty);
        if (vacated.Contains(logicalPath))
        {
            return new AttachItem(unit, null, change, _ => { });
        }

        string host = _layout.ToHost(logicalPath);
        if (!HostFileStatus.TryGet(host, out HostFileStatus st, out _))
        {
            var entry = new IntentEntry(IntentAction.Mkdir, logicalPath);
            return new AttachItem(unit, entry, change, t => t.MakeDirectory(logicalPath));
        }

        return new AttachItem(unit, null, null, _ =>
        {
            if (st.Type == FileType.SymbolicLink)
            {
                throw new ErrnoException(Errno.ELOOP, $"'{host}' is a symbolic link, refusing to follow it.");
            }

            if (st.Type != FileType.Directory)
            {
                throw new ErrnoException(Errno.ENOTDIR);
            }
        });
    }

    // A staged file or symlink; an existing entry is refused (EEXIST) unless replaced (FORCE_ATTACH, or
    // removed by the detach half of a reattach), and a directory there is EISDIR.
    private AttachItem PlanFile(string unit, string logicalPath, bool replace, HashSet<string> vacated, PortableChangeType type, string source,
        Action<HostTransaction, IntentEntry> stage)
    {
        bool replacing = replace || vacated.Contains(logicalPath);
        var entry = new IntentEntry(IntentAction.StageFile, logicalPath, TemporaryNames.For(Path.GetFileName(logicalPath)), replacing);
        string host = _layout.ToHost(logicalPath);
        return new AttachItem(unit, entry, new PortableChange(type, logicalPath, source), t =>
        {
            if (HostFileStatus.TryGet(host, out HostFileStatus st, out _))
            {
                if (!replacing)
                {
                    throw new ErrnoException(Errno.EEXIST);
                }

                if (st.Type == FileType.Directory)
                {
                    throw new ErrnoException(Errno.EISDIR);
                }
            }

            stage(t, entry);
        });
    }
}
