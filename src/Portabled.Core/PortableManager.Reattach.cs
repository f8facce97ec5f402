// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Host;
using Portabled.Core.Images;
using Portabled.Dissect.FileSystems.HostDirectory;

namespace Portabled.Core;

public sealed partial class PortableManager
{
    /// <summary>
    /// <c>ReattachImage*</c> (docs/attach-detach.md, "Reattach"): detach then attach, without the "active"/"exists" checks. Returns the
    /// detach changes whose file name does not reappear among the attach changes (really gone) and all
    /// attach changes. Unlike upstream, the new image is resolved, read and validated completely before
    /// anything is detached, so a bad new image leaves the old attachment in place; and in 252 mode an
    /// image found through its own <c>/etc/portables</c> link is used by its target, so detaching (which
    /// removes that link) cannot make the attach fail (upstream 252 bug, see docs/differences.md).
    /// Detach and attach are one transaction (docs/reliability.md, "Crash safety"): the old files go
    /// only after the new ones are staged and committed, so a crash leaves the old or the new attachment.
    /// </summary>
    public (IReadOnlyList<PortableChange> Removed, IReadOnlyList<PortableChange> Updated) Reattach(
        string nameOrPath, IReadOnlyList<string> extensions, IReadOnlyList<string> matches, string profile, string copyMode, ulong flags)
    {
        ValidateFlags(flags, (ulong)PortableFlags.PublicMask);
        CopyMode mode = CopyModes.Parse(copyMode, _behavior);
        PortableImage image = ResolveThroughImageLink(AcquireImage(nameOrPath));
        lock (_changeLock)
        {
            // Upstream detaches before it reads the new image, so "nothing attached" outranks every
            // error of the attach half (observed); finding the units first keeps that order while
            // nothing is removed until the new image is known to be good.
            RecoverLocked();
            ValidateProfileFor(profile);
            List<AttachedUnit> units = FindAttached(image.Path, extensions, (PortableFlags)flags, reattach: true);
            AttachPlan plan = PrepareAttach(ForExtraction(image), extensions, matches, profile, mode, (PortableFlags)flags, reattach: true);
            List<RemovalItem> removals = PlanRemoval(units, ((PortableFlags)flags).HasFlag(PortableFlags.Runtime));
            (List<PortableChange> detached, List<PortableChange> attached) = ApplyChanges(plan, removals);
            var attachedNames = attached.Select(c => Path.GetFileName(c.Path)).ToHashSet(StringComparer.Ordinal);
            return ([.. detached.Where(c => !attachedNames.Contains(Path.GetFileName(c.Path)))], attached);
        }
    }

    // The paths the detach half leaves free for the attach: entries it removes that exist, .d
    // directories holding nothing but the drop-ins it removes, and the attached directory when
    // nothing else stays in it (upstream removes it, and the attach creates it again).
    private HashSet<string> VacatedPaths(List<RemovalItem> removals, bool runtime)
    {
        var vacated = new HashSet<string>(StringComparer.Ordinal);
        foreach (RemovalItem item in removals)
        {
            if (item.Entry is null || !HostFileStatus.TryGet(_layout.ToHost(item.Path), out HostFileStatus st, out _))
            {
                continue;
            }

            bool free = item.Entry.Action switch
            {
                IntentAction.Remove => st.Type != Dissect.FileSystems.FileType.Directory,
                IntentAction.RemoveTree => true,
                IntentAction.RemoveEntry => st.Type == Dissect.FileSystems.FileType.Directory && HoldsOnly(item.Path, vacated),
                _ => false,
            };
            if (free)
            {
                vacated.Add(item.Path);
            }
        }

        string where = _layout.GetAttachedDirectory(runtime);
        if (removals.Any(r => r.Entry is { Action: IntentAction.RemoveIfEmpty } && r.Path == where) && HoldsOnly(where, vacated))
        {
            vacated.Add(where);
        }

        return vacated;
    }

    // Whether every entry of the directory is vacated or a temporary.
    private bool HoldsOnly(string logicalDirectory, HashSet<string> vacated) =>
        Directory.EnumerateFileSystemEntries(_layout.ToHost(logicalDirectory)).Take(AttachedDirectory.MaxEntries + 1)
            .Select(Path.GetFileName)
            .All(name => TemporaryNames.IsTemporary(name!) || vacated.Contains($"{logicalDirectory}/{name}"));

    // A removal the attach takes over: a path it stages anew is replaced by the rename (reported as
    // removed when it was there), a directory it reuses is reported removed and created again.
    private static RemovalItem Subsume(RemovalItem removal, HashSet<string> staged, HashSet<string> vacated, HashSet<string> reused)
    {
        if (removal.Entry is null)
        {
            return removal;
        }

        if (staged.Contains(removal.Path))
        {
            return removal with { Entry = null, ReportedWithoutEntry = vacated.Contains(removal.Path) };
        }

        bool directory = removal.Entry.Action is IntentAction.RemoveEntry or IntentAction.RemoveIfEmpty;
        return directory && reused.Contains(removal.Path) ? removal with { Entry = null, ReportedWithoutEntry = true } : removal;
    }

    private PortableImage ResolveThroughImageLink(PortableImage image)
    {
        string? directory = Path.GetDirectoryName(image.Path);
        bool inLinkDirectory = directory == _layout.GetPortablesLinkDirectory(false) || directory == _layout.GetPortablesLinkDirectory(true);
        if (!inLinkDirectory || !HostFileStatus.TryGet(_layout.ToHost(image.Path), out HostFileStatus st, out _) ||
            st.Type != Dissect.FileSystems.FileType.SymbolicLink ||
            !_layout.TryResolve(image.Path, true, out string canonical, out _))
        {
            return image;
        }

        return image with { Path = canonical };
    }
}
