// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Versions;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core;

public sealed partial class PortableManager
{
    /// <summary>
    /// <c>DetachImage*</c> (docs/attach-detach.md, "Detach"): the image is not resolved, so images that are gone can still be
    /// detached. Units whose marker matches the image and the extensions (all of them, in order) are
    /// removed: unit file, profile drop-in, portable drop-in, <c>.d</c> directory, then the image links
    /// and the attached directory when empty. An active unit refuses everything unless forced. Removal
    /// continues after a failure; the first one is thrown at the end as a <see cref="PortableChangesException"/>.
    /// The removals are one committed intent record, completed by recovery after a crash
    /// (docs/reliability.md, "Crash safety").
    /// </summary>
    public IReadOnlyList<PortableChange> Detach(string nameOrPath, IReadOnlyList<string> extensions, ulong flags)
    {
        ValidateFlags(flags, (ulong)PortableFlags.PublicMask);
        lock (_changeLock)
        {
            RecoverLocked();
            return DetachCore(nameOrPath, extensions, (PortableFlags)flags);
        }
    }

    private List<PortableChange> DetachCore(string nameOrPath, IReadOnlyList<string> extensions, PortableFlags flags)
    {
        bool runtime = flags.HasFlag(PortableFlags.Runtime);
        List<RemovalItem> removals = PlanRemoval(FindAttached(nameOrPath, extensions, flags, reattach: false), runtime);
        var record = new IntentRecord("detach", [.. removals.Where(r => r.Entry is not null).Select(r => r.Entry!)], committed: true);
        var transaction = new HostTransaction(_layout, runtime, record);
        IReadOnlyList<IntentOutcome> outcomes;
        try
        {
            BeginDetach(transaction);
            outcomes = IntentExecutor.Complete(_layout, record);
            FinishOrKeep(transaction, outcomes.Select(o => o.Error));
        }
        finally
        {
            NoteLeftovers(transaction);
        }

        (List<PortableChange> changes, PortableException? firstError) = ReportRemovals(removals, record, outcomes);
        Log.Detached(_logger, nameOrPath, changes.Count);
        return firstError is null ? changes : throw new PortableChangesException(firstError, changes);
    }

    private static void BeginDetach(HostTransaction transaction)
    {
        try
        {
            transaction.Begin();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PortableException)
        {
            throw new ErrnoException(Errno.FromException(e), null, e);
        }
    }

    // The units whose marker names exactly these images; NoSuchUnit when there is none, and (unless
    // reattaching or forced) UnitExists when one of them is active.
    private List<AttachedUnit> FindAttached(string nameOrPath, IReadOnlyList<string> extensions, PortableFlags flags, bool reattach)
    {
        string where = _layout.GetAttachedDirectory(flags.HasFlag(PortableFlags.Runtime));
        string[] images = [nameOrPath, .. extensions];
        Func<string, string> imageNames = MarkerImageNames();
        var units = AttachedDirectory.Enumerate(_layout, where, includeDropInOnly: true)
            .Where(u => MarkerMatcher.Matches(_behavior, u.Components, images, matchAll: true, imageNames))
            .ToList();
        if (units.Count == 0)
        {
            // Upstream joins the extensions first and leaves the infix out when that is empty (so
            // [""] reads like no extensions at all, observed).
            string joined = string.Join(", ", extensions);
            string infix = joined.Length == 0 ? string.Empty : "' or any of its extensions '" + joined;
            throw new NoSuchUnitException($"No unit files associated with '{nameOrPath}{infix}' found attached to the system. Image not attached?");
        }

        if (!reattach && !flags.HasFlag(PortableFlags.ForceAttach))
        {
            foreach (AttachedUnit unit in units)
            {
                if (_units.IsActive(unit.Name))
                {
                    throw new UnitExistsException($"Unit file '{unit.Name}' is active, can't detach.");
                }
            }
        }

        return units;
    }

    // docs/attach-detach.md, "Removal": per unit the unit file, the profile and portable drop-ins and
    // the .d directory; then each marker component's image link; then the attached directory when
    // empty (rmdir: an admin's symlink in its place stays).
    private List<RemovalItem> PlanRemoval(List<AttachedUnit> units, bool runtime)
    {
        string where = _layout.GetAttachedDirectory(runtime);
        var items = new List<RemovalItem>();
        foreach (AttachedUnit unit in units)
        {
            items.Add(new RemovalItem($"{where}/{unit.Name}", new IntentEntry(IntentAction.Remove, $"{where}/{unit.Name}"), false, true));
            foreach (string dropIn in (ReadOnlySpan<string>)["10-profile.conf", "20-portable.conf"])
            {
                string path = $"{where}/{unit.Name}.d/{dropIn}";
                items.Add(new RemovalItem(path, new IntentEntry(IntentAction.Remove, path), false, true));
            }

            items.Add(new RemovalItem($"{where}/{unit.Name}.d", new IntentEntry(IntentAction.RemoveEntry, $"{where}/{unit.Name}.d"), false, true));
        }

        string linkDirectory = _layout.GetPortablesLinkDirectory(runtime);
        foreach (string component in units.SelectMany(u => u.Components).Where(c => c.StartsWith('/')).Distinct(StringComparer.Ordinal))
        {
            string link = $"{linkDirectory}/{Path.GetFileName(component.TrimEnd('/'))}";
            if (PlanImageLinkRemoval(link, component) is { } item)
            {
                items.Add(item);
            }
        }

        if (HostFileStatus.TryGet(_layout.ToHost(where), out HostFileStatus whereStatus, out _) && whereStatus.Type == FileType.Directory)
        {
            items.Add(new RemovalItem(where, new IntentEntry(IntentAction.RemoveIfEmpty, where), false, false));
        }

        return items;
    }

    // docs/attach-detach.md, "Removal": 252 removes the link only when it is a symlink; 262 also removes a mixed-mode copy. A copy is
    // never removed when it is the very image the marker names (an image placed in /etc/portables itself).
    private RemovalItem? PlanImageLinkRemoval(string link, string markerPath)
    {
        if (!HostFileStatus.TryGet(_layout.ToHost(link), out HostFileStatus st, out _))
        {
            // 262 removes with rm_rf(…, REMOVE_MISSING_OK) and reports the link even when it is
            // already gone (e.g. two markers naming the same link); 252 checks with lstat first (observed).
            return _behavior.ReportsMissingLinksAsRemoved ? new RemovalItem(link, null, true, false) : null;
        }

        if (st.Type == FileType.SymbolicLink)
        {
            return new RemovalItem(link, new IntentEntry(IntentAction.Remove, link), false, false);
        }

        if (!_behavior.RemovesMixedCopies || string.Equals(link, markerPath.TrimEnd('/'), StringComparison.Ordinal))
        {
            return null;
        }

        return new RemovalItem(link, new IntentEntry(IntentAction.RemoveTree, link), false, false);
    }

    // The unlink changes, in plan order, and the first error that counts. An item whose entry is in
    // the record reports what its completion did; one without an entry reports as planned.
    private (List<PortableChange> Changes, PortableException? FirstError) ReportRemovals(
        List<RemovalItem> removals, IntentRecord record, IReadOnlyList<IntentOutcome> outcomes)
    {
        var changes = new List<PortableChange>();
        PortableException? firstError = null;
        Dictionary<IntentEntry, int> indexes = IndexEntries(record);
        foreach (RemovalItem item in removals)
        {
            int index = item.Entry is null ? -1 : indexes[item.Entry];
            bool removed = index < 0 ? item.ReportedWithoutEntry : outcomes[index].Changed;
            if (removed)
            {
                changes.Add(new PortableChange(PortableChangeType.Unlink, item.Path, string.Empty));
            }

            if (index >= 0 && outcomes[index].Error is { } error)
            {
                Log.RemoveFailed(_logger, item.Path, error.Message);
                if (item.FailureIsError)
                {
                    firstError ??= new ErrnoException(Errno.FromException(error), null, error);
                }
            }
        }

        return (changes, firstError);
    }

    private static Dictionary<IntentEntry, int> IndexEntries(IntentRecord record)
    {
        var indexes = new Dictionary<IntentEntry, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < record.Entries.Count; i++)
        {
            indexes[record.Entries[i]] = i;
        }

        return indexes;
    }

    // The record is dropped once the host is whole; a transient failure keeps it for recovery.
    private void FinishOrKeep(HostTransaction transaction, IEnumerable<Exception?> failures)
    {
        if (failures.Any(e => e is not null && IntentExecutor.IsTransient(Errno.FromException(e))))
        {
            Log.IntentKept(_logger, HostTransaction.GetIntentPath(_layout, transaction.Runtime));
            return;
        }

        try
        {
            transaction.Finish();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PortableException)
        {
            Log.IntentKept(_logger, HostTransaction.GetIntentPath(_layout, transaction.Runtime));
        }
    }
}
